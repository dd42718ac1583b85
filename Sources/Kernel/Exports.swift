// Modules write their SQL with SQLKit, the kernel's query layer; re-exporting it keeps module
// targets depending on Kernel alone.
@_exported import SQLKit
