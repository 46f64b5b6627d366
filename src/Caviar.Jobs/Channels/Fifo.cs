using System.Runtime.InteropServices;

namespace Caviar.Jobs.Channels;

/// <summary>Named pipes (FIFOs) through libc.</summary>
internal static partial class Fifo
{
    [LibraryImport("libc", EntryPoint = "mkfifo", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int MakeFifo(string path, uint mode);

    public static void Create(string path)
    {
        if (File.Exists(path)) File.Delete(path);
        if (MakeFifo(path, Convert.ToUInt32("600", 8)) != 0)
            throw new IOException($"mkfifo {path} failed with errno {Marshal.GetLastPInvokeError()}");
    }
}
