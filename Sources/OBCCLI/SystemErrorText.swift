import Foundation
import NIOCore

/// A socket or file error in words for the console: no errno numbers, system call names or
/// `NSCocoaErrorDomain` codes.
enum SystemErrorText {
    static func describe(_ error: any Error) -> String {
        if let error = error as? IOError { return ServeCommand.reason(error.errnoCode) }
        let error = error as NSError
        guard error.domain == NSCocoaErrorDomain || error.domain == NSPOSIXErrorDomain else { return "\(error)" }
        let path = (error.userInfo[NSFilePathErrorKey] as? String) ?? (error.userInfo[NSURLErrorKey] as? URL)?.path
        let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError
        let code = error.domain == NSPOSIXErrorDomain ? error.code : underlying.flatMap { $0.domain == NSPOSIXErrorDomain ? $0.code : nil }
        let reason = code.map { posixReason(Int32($0)) } ?? cocoaReason(error.code)
        return path.map { "\($0): \(reason)" } ?? reason
    }

    static func posixReason(_ code: Int32) -> String {
        switch code {
        case ENOENT: "it, or a folder above it, does not exist"
        case EEXIST: "a file with that name already exists"
        case EACCES, EPERM: "permission denied"
        case ENOTDIR: "a part of the path is a file, not a folder"
        case ENOSPC: "no space left on the device"
        case EROFS: "the file system is read-only"
        default: String(cString: strerror(code)).lowercased()
        }
    }

    static func cocoaReason(_ code: Int) -> String {
        switch CocoaError.Code(rawValue: code) {
        case .fileNoSuchFile, .fileReadNoSuchFile: "it does not exist"
        case .fileWriteFileExists: "a file with that name already exists"
        case .fileReadNoPermission, .fileWriteNoPermission: "permission denied"
        case .fileWriteOutOfSpace: "no space left on the device"
        case .fileWriteVolumeReadOnly: "the file system is read-only"
        default: "the file cannot be read or written"
        }
    }
}
