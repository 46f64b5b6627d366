using Caviar.Server.Security;
using Caviar.Tests.Support;

namespace Caviar.Tests.Server;

public class RealPathTests
{
    [Fact]
    public void Links_and_dots_are_resolved_in_order_as_the_kernel_does()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File("a/b"));
        Directory.CreateDirectory(dir.File("x/y"));
        Directory.CreateSymbolicLink(dir.File("a/to-y"), "../x/y");          // relative target
        Directory.CreateSymbolicLink(dir.File("a/chain"), dir.File("a/to-y"));
        string real = RealPath.Resolve(dir.Path, "/");

        Assert.Equal(Path.Combine(real, "a/b"), RealPath.Resolve("a/./b/", dir.Path));
        Assert.Equal(Path.Combine(real, "x/y"), RealPath.Resolve("a/to-y", dir.Path));
        Assert.Equal(Path.Combine(real, "x"), RealPath.Resolve("a/to-y/..", dir.Path));   // lexically it would be a
        Assert.Equal(Path.Combine(real, "x/y/new/file"), RealPath.Resolve("a/chain/new/file", dir.Path));   // not there yet
        Assert.Equal("/", RealPath.Resolve("/../..", dir.Path));
    }

    [Fact]
    public void A_loop_of_links_is_an_error()
    {
        using var dir = new TempDirectory();
        File.CreateSymbolicLink(dir.File("one"), dir.File("two"));
        File.CreateSymbolicLink(dir.File("two"), dir.File("one"));
        Assert.Throws<IOException>(() => RealPath.Resolve("one/x", dir.Path));
    }

    [Theory]
    [InlineData("/data", "/data", true)]
    [InlineData("/data/x", "/data", true)]
    [InlineData("/data/x", "/data/", true)]
    [InlineData("/database", "/data", false)]   // a sibling sharing the prefix
    [InlineData("/", "/data", false)]
    public void Within_means_the_root_or_below_it(string path, string root, bool within) =>
        Assert.Equal(within, RealPath.IsWithin(path, root));
}
