using System.Text;
using Caviar.Server.Security;

namespace Caviar.Tests.Server;

public class ErrorExcerptTests
{
    [Fact]
    public void Short_text_and_long_paths_are_kept_whole()
    {
        string reason = "'/home/someone/data/" + new string('d', 150) + "/train.csv' does not exist";
        Assert.Equal(reason, ErrorExcerpt.Shorten(reason));
    }

    [Fact]
    public void A_long_run_is_cut_to_an_excerpt_with_its_length()
    {
        string shortened = ErrorExcerpt.Shorten($"unknown algorithm '{new string('A', 5000)}'; known: mlp, cnn");
        Assert.Equal($"unknown algorithm '{new string('A', 39)}…(5003 characters) known: mlp, cnn", shortened);
    }

    [Fact]
    public void Long_text_of_short_words_keeps_its_start_and_end()
    {
        string shortened = ErrorExcerpt.Shorten(string.Concat(Enumerable.Repeat("word ", 10_000)) + "the end");
        Assert.True(shortened.Length <= ErrorExcerpt.MaxLength + 1);
        Assert.StartsWith("word word", shortened);
        Assert.EndsWith("word the end", shortened);
    }

    [Fact]
    public void A_cut_never_splits_a_surrogate_pair()
    {
        string shortened = ErrorExcerpt.Shorten("x" + string.Concat(Enumerable.Repeat("😀", 300)));
        new UTF8Encoding(false, throwOnInvalidBytes: true).GetBytes(shortened);   // throws on half a pair
        Assert.StartsWith("x😀", shortened);
    }
}
