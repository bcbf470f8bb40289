/*
 * A producer and a consumer process that share named memory, in the style
 * of the Windows SDK sample "Creating Named Shared Memory": the producer
 * creates a file mapping backed by the paging file and two auto-reset
 * events, all by name, and starts the consumer, this same program with the
 * argument "consumer"; the consumer opens each of them by its name alone
 * (OpenFileMapping, OpenEvent) and maps its own view.
 *
 * The mapping holds one message slot. The consumer sets "free" when it is
 * ready; the producer waits for "free", writes a message into the slot
 * and sets "ready"; the consumer waits for "ready", reads the message and
 * sets "free" again. The handoff makes the two processes strictly take
 * turns, and each flushes what it printed before it hands over, so the
 * output is the same on every run. An empty message ends the exchange.
 */
#include <windows.h>
#include <tchar.h>
#include <stdio.h>
#include <strsafe.h>

#define MESSAGE_CHARS 64

struct shared_slot {
    LONG nSequence;                     /* messages written so far */
    TCHAR szMessage[MESSAGE_CHARS];
};

static TCHAR gszMapping[64], gszReady[64], gszFree[64];

static int Fail(LPCTSTR pszWho, LPCTSTR pszCall)
{
    _tprintf(TEXT("%s: %s failed (error %lu)\n"), pszWho, pszCall, (unsigned long)GetLastError());
    return 1;
}

/* The three names, unique to one producer: the consumer gets its id on its command line. */
static void MakeNames(LPCTSTR pszId)
{
    StringCchPrintf(gszMapping, 64, TEXT("Local\\SharedSlot%s"), pszId);
    StringCchPrintf(gszReady, 64, TEXT("Local\\SlotReady%s"), pszId);
    StringCchPrintf(gszFree, 64, TEXT("Local\\SlotFree%s"), pszId);
}

static int Consumer(void)
{
    HANDLE hMapFile, hReady, hFree;
    struct shared_slot *pSlot;
    BOOL fDone = FALSE;

    hMapFile = OpenFileMapping(FILE_MAP_ALL_ACCESS, FALSE, gszMapping);
    if (hMapFile == NULL)
        return Fail(TEXT("Consumer"), TEXT("OpenFileMapping"));
    hReady = OpenEvent(SYNCHRONIZE, FALSE, gszReady);
    hFree = OpenEvent(EVENT_MODIFY_STATE, FALSE, gszFree);
    if (hReady == NULL || hFree == NULL)
        return Fail(TEXT("Consumer"), TEXT("OpenEvent"));
    pSlot = (struct shared_slot *)MapViewOfFile(hMapFile, FILE_MAP_ALL_ACCESS, 0, 0,
                                                sizeof(*pSlot));
    if (pSlot == NULL)
        return Fail(TEXT("Consumer"), TEXT("MapViewOfFile"));
    _tprintf(TEXT("Consumer: opened the mapping and the events by name\n"));
    fflush(stdout);
    if (!SetEvent(hFree))
        return Fail(TEXT("Consumer"), TEXT("SetEvent"));

    while (!fDone) {
        if (WaitForSingleObject(hReady, INFINITE) != WAIT_OBJECT_0)
            return Fail(TEXT("Consumer"), TEXT("WaitForSingleObject"));
        fDone = pSlot->szMessage[0] == TEXT('\0');
        if (!fDone)
            _tprintf(TEXT("Consumer: read message %ld: \"%s\"\n"), (long)pSlot->nSequence,
                     pSlot->szMessage);
        fflush(stdout);
        if (!SetEvent(hFree))
            return Fail(TEXT("Consumer"), TEXT("SetEvent"));
    }
    _tprintf(TEXT("Consumer: read the empty message, done\n"));
    UnmapViewOfFile(pSlot);
    CloseHandle(hFree);
    CloseHandle(hReady);
    CloseHandle(hMapFile);
    return 0;
}

/* Waits until the slot is free, then puts one message in it. */
static BOOL Put(struct shared_slot *pSlot, LPCTSTR pszMessage, HANDLE hReady, HANDLE hFree)
{
    if (WaitForSingleObject(hFree, INFINITE) != WAIT_OBJECT_0 ||
        FAILED(StringCchCopy(pSlot->szMessage, MESSAGE_CHARS, pszMessage)))
        return FALSE;
    pSlot->nSequence++;
    if (pszMessage[0])
        _tprintf(TEXT("Producer: wrote message %ld\n"), (long)pSlot->nSequence);
    fflush(stdout);
    return SetEvent(hReady);
}

/* Starts this program again as the consumer of the names of id. */
static BOOL StartConsumer(LPCTSTR pszId, PROCESS_INFORMATION *pi)
{
    TCHAR szSelf[MAX_PATH], szCommand[MAX_PATH + 64];
    STARTUPINFO si;

    if (!GetModuleFileName(NULL, szSelf, MAX_PATH))
        return FALSE;
    StringCchPrintf(szCommand, MAX_PATH + 64, TEXT("\"%s\" consumer %s"), szSelf, pszId);
    ZeroMemory(&si, sizeof(si));
    si.cb = sizeof(si);
    return CreateProcess(NULL, szCommand, NULL, NULL, FALSE, 0, NULL, NULL, &si, pi);
}

static int Producer(void)
{
    static LPCTSTR aszMessages[] = {
        TEXT("Message from the first process."),
        TEXT("Shared memory needs no copy."),
        TEXT("Views of one mapping see the same bytes."),
    };
    HANDLE hMapFile, hReady, hFree;
    struct shared_slot *pSlot;
    PROCESS_INFORMATION pi;
    TCHAR szId[16];
    DWORD dwExit = 1;
    SYSTEM_INFO si;
    int i;

    StringCchPrintf(szId, 16, TEXT("%lu"), (unsigned long)GetCurrentProcessId());
    MakeNames(szId);
    GetSystemInfo(&si);
    hMapFile = CreateFileMapping(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0,
                                 si.dwAllocationGranularity, gszMapping);
    if (hMapFile == NULL)
        return Fail(TEXT("Producer"), TEXT("CreateFileMapping"));
    hReady = CreateEvent(NULL, FALSE, FALSE, gszReady);
    hFree = CreateEvent(NULL, FALSE, FALSE, gszFree);
    if (hReady == NULL || hFree == NULL)
        return Fail(TEXT("Producer"), TEXT("CreateEvent"));
    pSlot = (struct shared_slot *)MapViewOfFile(hMapFile, FILE_MAP_ALL_ACCESS, 0, 0, 0);
    if (pSlot == NULL)
        return Fail(TEXT("Producer"), TEXT("MapViewOfFile"));
    _tprintf(TEXT("Producer: created a mapping of %lu KiB and two events\n"),
             (unsigned long)(si.dwAllocationGranularity / 1024));
    fflush(stdout);

    if (!StartConsumer(szId, &pi))
        return Fail(TEXT("Producer"), TEXT("CreateProcess"));
    for (i = 0; i < 3; i++) {
        if (!Put(pSlot, aszMessages[i], hReady, hFree))
            return Fail(TEXT("Producer"), TEXT("Put"));
    }
    if (!Put(pSlot, TEXT(""), hReady, hFree))
        return Fail(TEXT("Producer"), TEXT("Put"));
    WaitForSingleObject(pi.hProcess, INFINITE);
    GetExitCodeProcess(pi.hProcess, &dwExit);
    _tprintf(TEXT("Producer: the consumer process ended with code %lu\n"), (unsigned long)dwExit);

    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
    UnmapViewOfFile(pSlot);
    CloseHandle(hFree);
    CloseHandle(hReady);
    CloseHandle(hMapFile);
    return (int)dwExit;
}

int _tmain(int argc, TCHAR *argv[])
{
    if (argc == 3 && _tcscmp(argv[1], TEXT("consumer")) == 0) {
        MakeNames(argv[2]);
        return Consumer();
    }
    return Producer();
}
