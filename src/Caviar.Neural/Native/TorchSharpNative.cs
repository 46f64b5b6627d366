namespace Caviar.Algorithms.Native;

/// <summary>
/// Makes TorchSharp-cpu 0.107's native library loadable on Debian 12: libLibTorchSharp.so requires
/// GLIBCXX_3.4.32 (GCC 13) for one symbol, std::ios_base_library_init, while Debian 12 ships GCC 12's libstdc++.
/// That requirement is marked weak in the copies of the library beside this program, before TorchSharp loads it.
/// </summary>
public static class TorchSharpNative
{
    public const string LibraryName = "libLibTorchSharp.so";
    public const string MissingVersion = "GLIBCXX_3.4.32";

    private static readonly object Gate = new();
    private static bool _done;

    /// <summary>Patches every copy under the application directory once per process; safe to call often.</summary>
    public static void EnsureLoadable()
    {
        lock (Gate)
        {
            if (_done) return;
            foreach (var library in Directory.EnumerateFiles(AppContext.BaseDirectory, LibraryName, SearchOption.AllDirectories))
                ElfVersionNeeds.MarkWeak(library, MissingVersion);
            _done = true;
        }
    }
}
