using System.Runtime.InteropServices;

namespace EventScheduler.Api.Storage;

/// <summary>Which file a path names right now: its device and inode. The same identity at two moments is the
/// same file; a deleted path has none; a path that was replaced (a restored backup moved over it) has
/// another one. Read with Linux's <c>statx</c>, whose result layout is the same on every architecture;
/// elsewhere <see cref="IsSupported"/> is false (a file SQLite holds open cannot be deleted on Windows).</summary>
public readonly record struct FileIdentity(uint DeviceMajor, uint DeviceMinor, ulong Inode)
{
    private const int AtFdCwd = -100;
    private const uint StatxIno = 0x100;
    private const int StatxSize = 256;
    private const int InodeOffset = 32;
    private const int DeviceMajorOffset = 136;
    private const int DeviceMinorOffset = 140;

    private static readonly Lazy<bool> Supported = new(Probe);

    public static bool IsSupported => Supported.Value;

    /// <summary>The identity of the file at <paramref name="path"/>, or null when nothing is there (or it cannot be read).</summary>
    public static FileIdentity? Of(string path)
    {
        if (!IsSupported)
        {
            return null;
        }

        Span<byte> buffer = stackalloc byte[StatxSize];
        if (Statx(AtFdCwd, path, 0, StatxIno, ref MemoryMarshal.GetReference(buffer)) != 0)
        {
            return null;
        }

        // The struct's fields are in the machine's byte order.
        return new FileIdentity(
            MemoryMarshal.Read<uint>(buffer[DeviceMajorOffset..]),
            MemoryMarshal.Read<uint>(buffer[DeviceMinorOffset..]),
            MemoryMarshal.Read<ulong>(buffer[InodeOffset..]));
    }

    public override string ToString() => $"device {DeviceMajor}:{DeviceMinor}, inode {Inode}";

    private static bool Probe()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            Span<byte> buffer = stackalloc byte[StatxSize];
            return Statx(AtFdCwd, "/", 0, StatxIno, ref MemoryMarshal.GetReference(buffer)) == 0;
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            // A C library without statx (glibc before 2.28): identity checks are off; Database logs that once.
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Statx(int dirFd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, ref byte buffer);
}
