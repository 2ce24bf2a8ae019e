import Prometheus

/// Every metric family's name and its `# HELP` text, in one place.
enum MetricHelp: String, CaseIterable {
    case httpRequests = "obc_http_requests_total"
    case httpRequestDuration = "obc_http_request_duration_seconds"
    case outboundRequests = "obc_outbound_requests_total"
    case outboundRequestDuration = "obc_outbound_request_duration_seconds"
    case registrationsCreated = "obc_bank_registrations_created_total"
    case encryptedObjects = "obc_encrypted_objects"
    case rotationProgress = "obc_encryption_key_rotation_progress_ratio"
    case certificateEarliestExpiry = "obc_certificate_earliest_expiry_timestamp_seconds"
    case certificatesExpiringSoon = "obc_certificates_expiring_within_30_days"
    case interruptedRegistrations = "obc_interrupted_registrations"
    case processStartTime = "process_start_time_seconds"
    case processOpenFDs = "process_open_fds"
    case processCPU = "process_cpu_seconds_total"
    case processVirtualMemory = "process_virtual_memory_bytes"
    case processResidentMemory = "process_resident_memory_bytes"

    /// The name with its help text (no unit suffix: the names above carry theirs).
    var descriptor: MetricNameDescriptor {
        MetricNameDescriptor(metricName: rawValue, unitName: "", helpText: help)
    }

    var help: String {
        switch self {
        case .httpRequests: "Management API requests served, by route template, method and status."
        case .httpRequestDuration: "Time to answer a Management API request, by route template and method."
        case .outboundRequests: "Calls to banks and the OB Directory, by bank profile, endpoint kind and outcome."
        case .outboundRequestDuration: "Time of a call to a bank or the OB Directory, by bank profile and endpoint kind."
        case .registrationsCreated: "Bank registrations created, by whether a client was registered or re-used."
        case .encryptedObjects: "Encrypted objects in the store, by encryption key."
        case .rotationProgress: "Share of encrypted objects sealed with the current key (1 when rotation is complete)."
        case .certificateEarliestExpiry: "Earliest NotAfter of any live certificate or chain member, by kind, as Unix seconds."
        case .certificatesExpiringSoon: "Certificates that expire within 30 days (expired ones included), by kind."
        case .interruptedRegistrations: "Registrations interrupted by their process's death (a client may remain at the bank), by bank profile."
        case .processStartTime: "Start time of the process since the Unix epoch, in seconds."
        case .processOpenFDs: "Open file descriptors."
        case .processCPU: "User and system CPU time the process has used, in seconds."
        case .processVirtualMemory: "Virtual memory size, in bytes."
        case .processResidentMemory: "Resident memory size, in bytes."
        }
    }
}
