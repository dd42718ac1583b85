// Modules write their SQL with SQLKit, the kernel's query layer; re-exporting it keeps module
// targets depending on Kernel alone.
@_exported import SQLKit

// Services and jobs of modules log through swift-log's `Logger` (an operation's
// `context.logger`, or the boot logger for jobs). SQLKit re-exports it too; naming it here
// makes it part of the kernel's contract rather than an accident of SQLKit's.
@_exported import struct Logging.Logger
