namespace Caviar.Cli.Conventions;

/// <summary>
/// The spellings users of git, dotnet and kubectl expect, rewritten into what the parser understands:
/// <c>caviar</c> alone and <c>caviar help [VERB…]</c> print help; <c>caviar -V</c> is <c>--version</c>.
/// </summary>
internal static class ConventionalArguments
{
    public static string[] Rewrite(string[] args) => args switch
    {
        [] => ["--help"],
        ["help", .. var verbs] => [.. verbs, "--help"],
        ["-V"] => ["--version"],
        _ => args,
    };
}
