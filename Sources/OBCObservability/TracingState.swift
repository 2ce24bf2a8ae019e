import Tracing

/// Whether spans go anywhere: false until `obc serve` bootstraps an exporter (or a task binds a
/// tracer with `withTracer`). With no tracer a span is a no-op, but opening one still costs its
/// name, its attributes and a task-local context per call, so the decorators skip it.
public enum TracingState {
    public static var isRecording: Bool { !(InstrumentationSystem.tracer is NoOpTracer) }
}
