/*
 * A producer and a consumer that share named memory, in the style of the
 * Windows SDK sample "Creating Named Shared Memory": the producer creates a
 * file mapping backed by the paging file and two auto-reset events, all by
 * name; the consumer opens each of them by its name alone
 * (OpenFileMapping, OpenEvent) and maps its own view.
 *
 * The mapping holds one message slot. The consumer sets "free" when it is
 * ready; the producer waits for "free", writes a message into the slot
 * and sets "ready"; the consumer waits for "ready", reads the message and
 * sets "free" again. The handoff makes the two strictly take turns, so the
 * output is the same on every run. An empty message ends the exchange.
 *
 * w32shim names objects within one process for now, so the consumer runs
 * as a thread of the producer's process; it shares nothing with the
 * producer but the names.
 */
#include <windows.h>
#include <tchar.h>
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

static DWORD WINAPI Consumer(LPVOID lpParam)
{
    HANDLE hMapFile, hReady, hFree;
    struct shared_slot *pSlot;
    BOOL fDone = FALSE;

    (void)lpParam;
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
    if (!SetEvent(hFree))
        return Fail(TEXT("Consumer"), TEXT("SetEvent"));

    while (!fDone) {
        if (WaitForSingleObject(hReady, INFINITE) != WAIT_OBJECT_0)
            return Fail(TEXT("Consumer"), TEXT("WaitForSingleObject"));
        fDone = pSlot->szMessage[0] == TEXT('\0');
        if (!fDone)
            _tprintf(TEXT("Consumer: read message %ld: \"%s\"\n"), (long)pSlot->nSequence,
                     pSlot->szMessage);
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
    return SetEvent(hReady);
}

int _tmain(int argc, TCHAR *argv[])
{
    static LPCTSTR aszMessages[] = {
        TEXT("Message from the first process."),
        TEXT("Shared memory needs no copy."),
        TEXT("Views of one mapping see the same bytes."),
    };
    HANDLE hMapFile, hReady, hFree, hConsumer;
    struct shared_slot *pSlot;
    DWORD dwExit = 1;
    SYSTEM_INFO si;
    int i;

    (void)argc;
    (void)argv;
    StringCchPrintf(gszMapping, 64, TEXT("Local\\SharedSlot%lu"), GetCurrentProcessId());
    StringCchPrintf(gszReady, 64, TEXT("Local\\SlotReady%lu"), GetCurrentProcessId());
    StringCchPrintf(gszFree, 64, TEXT("Local\\SlotFree%lu"), GetCurrentProcessId());

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

    hConsumer = CreateThread(NULL, 0, Consumer, NULL, 0, NULL);
    if (hConsumer == NULL)
        return Fail(TEXT("Producer"), TEXT("CreateThread"));
    for (i = 0; i < 3; i++) {
        if (!Put(pSlot, aszMessages[i], hReady, hFree))
            return Fail(TEXT("Producer"), TEXT("Put"));
    }
    if (!Put(pSlot, TEXT(""), hReady, hFree))
        return Fail(TEXT("Producer"), TEXT("Put"));
    WaitForSingleObject(hConsumer, INFINITE);
    GetExitCodeThread(hConsumer, &dwExit);
    _tprintf(TEXT("Producer: the consumer ended with code %lu\n"), (unsigned long)dwExit);

    CloseHandle(hConsumer);
    UnmapViewOfFile(pSlot);
    CloseHandle(hFree);
    CloseHandle(hReady);
    CloseHandle(hMapFile);
    return (int)dwExit;
}
