using System.Runtime.InteropServices;
using Gsd.IO;

namespace Gsd.Processes;

/// <summary>What one of a spawned child's descriptors becomes before it runs: a copy of one of ours, or a file opened for it.</summary>
internal abstract record SpawnFileAction
{
    public sealed record Dup(int From, int Onto) : SpawnFileAction;

    public sealed record Open(int Onto, string Path, int Flags, int Mode) : SpawnFileAction;
}

/// <summary>
/// posix_spawn(3) with POSIX_SPAWN_SETSID (glibc 2.26+) and a working directory (glibc 2.29+): the child leads a new
/// session and process group from its first instruction, with default signal dispositions and an empty signal mask (the
/// runtime ignores SIGPIPE, and ignored signals survive exec), and only the descriptors it is given (gsd opens all its
/// own close-on-exec). One exec instead of setsid(1)'s two, and no window in which the child is still in gsd's group.
/// </summary>
internal static unsafe partial class PosixSpawn
{
    public const int ReadOnly = 0x0;
    public const int WriteOnly = 0x1;
    public const int Create = 0x40;
    public const int Append = 0x400;

    private const short SetSignalDefaults = 0x04;
    private const short SetSignalMask = 0x08;
    private const short SetSession = 0x80;
    private const int CloseOnExec = 0x80000;
    private const int PidType = 1; // P_PID
    private const int Exited = 0x4; // WEXITED
    private const int NoWait = 0x1000000; // WNOWAIT
    private const int OpaqueSize = 1024; // posix_spawnattr_t is 336 bytes, posix_spawn_file_actions_t 80, sigset_t 128

    /// <summary>Starts <paramref name="executable"/> with <paramref name="argv"/> and exactly <paramref name="environment"/> ("NAME=value"); returns its pid.</summary>
    public static int Spawn(string executable, IReadOnlyList<string> argv, string workingDirectory, IReadOnlyList<string> environment, IReadOnlyList<SpawnFileAction> actions)
    {
        var strings = new List<nint>();
        var attr = NativeMemory.AllocZeroed(OpaqueSize);
        var fileActions = NativeMemory.AllocZeroed(OpaqueSize);
        var signals = NativeMemory.AllocZeroed(OpaqueSize);
        var argvBlock = (byte**)NativeMemory.AllocZeroed((nuint)(argv.Count + 1), (nuint)sizeof(nint));
        var envBlock = (byte**)NativeMemory.AllocZeroed((nuint)(environment.Count + 1), (nuint)sizeof(nint));
        try
        {
            Check(FileActionsInit(fileActions), "posix_spawn_file_actions_init");
            Check(AttrInit(attr), "posix_spawnattr_init");
            try
            {
                foreach (var action in actions)
                {
                    var rc = action switch
                    {
                        SpawnFileAction.Dup dup => AddDup2(fileActions, dup.From, dup.Onto),
                        SpawnFileAction.Open open => AddOpen(fileActions, open.Onto, Utf8(open.Path, strings), open.Flags, (uint)open.Mode),
                        _ => throw new InvalidOperationException($"unknown file action {action}"),
                    };
                    Check(rc, "posix_spawn_file_actions");
                }
                Check(AddChdir(fileActions, Utf8(workingDirectory, strings)), "posix_spawn_file_actions_addchdir_np");
                Check(SigFillSet(signals) == 0 ? 0 : Marshal.GetLastPInvokeError(), "sigfillset");
                Check(AttrSetSigDefault(attr, signals), "posix_spawnattr_setsigdefault");
                Check(SigEmptySet(signals) == 0 ? 0 : Marshal.GetLastPInvokeError(), "sigemptyset");
                Check(AttrSetSigMask(attr, signals), "posix_spawnattr_setsigmask");
                Check(AttrSetFlags(attr, SetSession | SetSignalDefaults | SetSignalMask), "posix_spawnattr_setflags");
                for (var i = 0; i < argv.Count; i++)
                {
                    argvBlock[i] = Utf8(argv[i], strings);
                }
                for (var i = 0; i < environment.Count; i++)
                {
                    envBlock[i] = Utf8(environment[i], strings);
                }
                int pid;
                var error = Spawn(&pid, Utf8(executable, strings), fileActions, attr, argvBlock, envBlock);
                if (error != 0)
                {
                    throw new GsdException($"could not start {executable}: {Marshal.GetPInvokeErrorMessage(error)}");
                }
                return pid;
            }
            finally
            {
                _ = FileActionsDestroy(fileActions);
                _ = AttrDestroy(attr);
            }
        }
        finally
        {
            foreach (var s in strings)
            {
                Marshal.FreeCoTaskMem(s);
            }
            NativeMemory.Free(attr);
            NativeMemory.Free(fileActions);
            NativeMemory.Free(signals);
            NativeMemory.Free(argvBlock);
            NativeMemory.Free(envBlock);
        }
    }

    /// <summary>A pipe whose two ends close on exec (the child gets its end through a <see cref="SpawnFileAction.Dup"/>).</summary>
    public static (int Read, int Write) Pipe()
    {
        int* fds = stackalloc int[2];
        if (Pipe2(fds, CloseOnExec) != 0)
        {
            throw new GsdException($"could not make a pipe: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }
        return (fds[0], fds[1]);
    }

    /// <summary>Blocks until <paramref name="pid"/> has exited, leaving it unreaped (a zombie keeps its pid from reuse); false if it is not our child.</summary>
    public static bool WaitForExitUnreaped(int pid)
    {
        var info = stackalloc byte[256]; // siginfo_t is 128 bytes
        while (true)
        {
            if (WaitId(PidType, pid, info, Exited | NoWait) == 0)
            {
                return true;
            }
            if (Marshal.GetLastPInvokeError() != NativeFile.Eintr)
            {
                return false;
            }
        }
    }

    /// <summary>
    /// Reaps <paramref name="pid"/>: its exit code, 128 + the signal that killed it, or -1 when it cannot be had (ECHILD:
    /// something else reaped it, as the runtime does for every child when gsd was started with SIGCHLD ignored).
    /// </summary>
    public static int Reap(int pid)
    {
        int status;
        while (WaitPid(pid, &status, 0) < 0)
        {
            if (Marshal.GetLastPInvokeError() != NativeFile.Eintr)
            {
                return -1;
            }
        }
        var signal = status & 0x7f;
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal;
    }

    private static byte* Utf8(string value, List<nint> strings)
    {
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new GsdException($"cannot pass '{value.Replace("\0", "\\0", StringComparison.Ordinal)}' to a process: it holds a NUL character");
        }
        var p = Marshal.StringToCoTaskMemUTF8(value);
        strings.Add(p);
        return (byte*)p;
    }

    private static void Check(int error, string call)
    {
        if (error != 0)
        {
            throw new GsdException($"{call} failed: {Marshal.GetPInvokeErrorMessage(error)}");
        }
    }

    [LibraryImport("libc", EntryPoint = "posix_spawn")]
    private static partial int Spawn(int* pid, byte* path, void* fileActions, void* attr, byte** argv, byte** envp);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_init")]
    private static partial int FileActionsInit(void* actions);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_destroy")]
    private static partial int FileActionsDestroy(void* actions);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_adddup2")]
    private static partial int AddDup2(void* actions, int fd, int newFd);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_addopen")]
    private static partial int AddOpen(void* actions, int fd, byte* path, int flags, uint mode);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_addchdir_np")]
    private static partial int AddChdir(void* actions, byte* path);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_init")]
    private static partial int AttrInit(void* attr);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_destroy")]
    private static partial int AttrDestroy(void* attr);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setflags")]
    private static partial int AttrSetFlags(void* attr, short flags);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setsigmask")]
    private static partial int AttrSetSigMask(void* attr, void* mask);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setsigdefault")]
    private static partial int AttrSetSigDefault(void* attr, void* signals);

    [LibraryImport("libc", EntryPoint = "sigemptyset", SetLastError = true)]
    private static partial int SigEmptySet(void* set);

    [LibraryImport("libc", EntryPoint = "sigfillset", SetLastError = true)]
    private static partial int SigFillSet(void* set);

    [LibraryImport("libc", EntryPoint = "pipe2", SetLastError = true)]
    private static partial int Pipe2(int* fds, int flags);

    [LibraryImport("libc", EntryPoint = "waitid", SetLastError = true)]
    private static partial int WaitId(int idType, int id, void* info, int options);

    [LibraryImport("libc", EntryPoint = "waitpid", SetLastError = true)]
    private static partial int WaitPid(int pid, int* status, int options);
}
