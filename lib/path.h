/*
 * Windows paths to POSIX paths: the one mapping under every function that
 * takes a path (CreateFile, DeleteFile, the directory, copy, move and search
 * functions, GetFullPathName, CreateProcess's program and directory).
 *
 * A path is parsed as Windows parses it, '/' and '\' alike:
 * - \\?\X is taken verbatim (no normalization): \\?\C:\... is a drive path,
 *   \\?\UNC\... a network path, \\?\/x the POSIX path /x (as a program makes
 *   a long path of one w32shim gave it), anything else a device;
 * - \\.\X (or //./X) is a device path: \\.\C:\... is a drive path, \\.\NUL,
 *   \\.\CON, \\.\CONIN$, \\.\CONOUT$ are devices, any other device is not
 *   there (ERROR_FILE_NOT_FOUND), never a file at the root;
 * - \\server\share\... is a network path: not supported (ERROR_BAD_NETPATH);
 * - C:\... is absolute on drive C; C:x is relative to drive C (the current
 *   directory if it lies on C, else C's root);
 * - \x (or /x) is rooted: the POSIX absolute path /x;
 * - anything else is relative to the current directory.
 * Outside verbatim paths, "." and ".." are resolved as text before anything
 * is opened (a ".." at the root stays there; "nodir\..\x" is "x" whether or
 * not nodir exists), a final component loses its trailing dots and spaces,
 * another loses one trailing dot, and a final component that is a DOS device
 * name (CON, PRN, AUX, NUL, COM1-9, LPT1-9, CONIN$, CONOUT$, with any
 * extension or trailing spaces or colon: "nul.txt", "c:\dir\con") names the
 * device wherever it is: NUL is /dev/null, CON, CONIN$ and CONOUT$ are the
 * terminal /dev/tty, and the others are not there (ERROR_FILE_NOT_FOUND).
 *
 * Drive letters map to POSIX directories: W32SHIM_DRIVE_<LETTER> in the
 * environment (W32SHIM_DRIVE_D=/mnt/data) names the root of that drive, and
 * C is "/" unless W32SHIM_DRIVE_C says otherwise; a drive without a root
 * gives ERROR_PATH_NOT_FOUND, as a missing drive does on Windows.
 */
#ifndef W32_PATH_H
#define W32_PATH_H

#include <stdbool.h>
#include <windows.h>

#define W32_PATH_ABSOLUTE 1u    /* resolve a relative path against the current directory */
#define W32_PATH_NAME 4u        /* the path names a file: a character no Windows file name
                                 * has (< > " | ? * and 1-31) fails with ERROR_INVALID_NAME */
#define W32_PATH_NO_DEVICE 2u   /* a device name fails with ERROR_INVALID_PARAMETER, as
                                 * Windows fails deleting, moving or copying a device; the
                                 * path names a file (W32_PATH_NAME) */

/*
 * A malloc'd POSIX path for the Windows path name (UTF-8, or the lossless
 * name form of lib/unicode.h). A relative path stays relative unless it
 * climbs above the current directory or flags ask for W32_PATH_ABSOLUTE;
 * a trailing separator is kept. NULL with the last error set on failure
 * (ERROR_PATH_NOT_FOUND for NULL, "", an unknown drive or a current
 * directory that no longer exists; ERROR_BAD_NETPATH; ERROR_FILE_NOT_FOUND
 * for a device that is not there; ERROR_INVALID_NAME with W32_PATH_NAME;
 * ERROR_NOT_ENOUGH_MEMORY).
 */
char *w32_path_to_posix(const char *name, unsigned flags);

/*
 * The Windows form of the absolute POSIX path posix, malloc'd:
 * "\\?\X:\dir\file" on the drive whose root holds it (the deepest), or
 * "\dir\file" without the drive when !with_drive; NULL with
 * ERROR_PATH_NOT_FOUND when no drive holds it, or ERROR_NOT_ENOUGH_MEMORY.
 */
char *w32_path_to_dos(const char *posix, bool with_drive);

#endif
