/**
 * Exit codes of the `ringmaster` CLI (DESIGN.md §8; sysexits.h where one fits).
 * Scripts and process managers rely on them: keep them stable.
 */
export const kExitOk = 0;
/** The command ran and failed (a start whose shutdown was not clean, an export that could not read the store). */
export const kExitFailure = 1;
/** Bad command line: unknown command or option, missing or bad argument. */
export const kExitUsage = 2;
/** `start`: the root supervisor escalated (restart intensity exceeded); the host shut down. */
export const kExitEscalated = 3;
/** EX_UNAVAILABLE: the command is not part of this build. */
export const kExitUnavailable = 69;
/** EX_SOFTWARE: an internal error (a bug), reported with its stack. */
export const kExitSoftware = 70;
/** EX_CONFIG: the config is invalid; every problem is printed, one per line. */
export const kExitConfig = 78;
