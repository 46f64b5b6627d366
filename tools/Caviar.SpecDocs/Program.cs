using Caviar.SpecDocs;

// dotnet run --project tools/Caviar.SpecDocs [-- FILE]   (default: docs/spec-reference.md of this clone)
string target = args.Length > 0 ? args[0]
    : Path.Combine(SpecReference.RepositoryRoot(AppContext.BaseDirectory), "docs", "spec-reference.md");
File.WriteAllText(target, SpecReference.Generate());
Console.WriteLine($"wrote {target}");
