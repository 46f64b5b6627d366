using Caviar.Algorithms.Native;
using Caviar.Tests.Support;

namespace Caviar.Tests.Algorithms;

public class ElfVersionNeedsTests
{
    /// <summary>The library as NuGet delivered it (the copies beside programs get patched when they run).</summary>
    private static string Pristine => Path.Combine(
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"),
        "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", TorchSharpNative.LibraryName);

    [Fact]
    public void TorchSharps_library_requires_glibcxx_3_4_32_strongly_as_shipped()
    {
        var requirement = ElfVersionNeeds.Read(File.ReadAllBytes(Pristine)).Single(r => r.Version == TorchSharpNative.MissingVersion);
        Assert.Equal("libstdc++.so.6", requirement.Library);
        Assert.False(requirement.Weak);
    }

    [Fact]
    public void Marking_weak_changes_only_that_requirement()
    {
        using var dir = new TempDirectory();
        string copy = dir.File(TorchSharpNative.LibraryName);
        File.Copy(Pristine, copy);
        var before = ElfVersionNeeds.Read(File.ReadAllBytes(copy));

        Assert.True(ElfVersionNeeds.MarkWeak(copy, TorchSharpNative.MissingVersion));
        var after = ElfVersionNeeds.Read(File.ReadAllBytes(copy));
        Assert.Equal(before.Count, after.Count);
        for (int i = 0; i < before.Count; i++)
        {
            Assert.Equal((before[i].Library, before[i].Version), (after[i].Library, after[i].Version));
            Assert.Equal(before[i].Version == TorchSharpNative.MissingVersion || before[i].Weak, after[i].Weak);
        }
        var original = File.ReadAllBytes(Pristine);
        var patched = File.ReadAllBytes(copy);
        Assert.Equal(original.Length, patched.Length);
        Assert.Equal(1, original.Zip(patched).Count(p => p.First != p.Second));
        Assert.False(ElfVersionNeeds.MarkWeak(copy, TorchSharpNative.MissingVersion));
    }

    [Fact]
    public void Refuses_what_is_not_an_elf_file()
    {
        Assert.Throws<InvalidDataException>(() => ElfVersionNeeds.Read("#!/bin/sh\necho hello world, not elf at all....................................."u8.ToArray()));
    }

    [Fact]
    public void After_patching_libtorch_loads_and_computes()
    {
        TorchSharpNative.EnsureLoadable();
        using var x = TorchSharp.torch.ones(3, 4);
        Assert.Equal(12f, x.sum().item<float>());
    }
}
