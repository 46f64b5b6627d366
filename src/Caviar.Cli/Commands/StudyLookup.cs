using Caviar.Storage;
using Caviar.Studies;
using Caviar.Validation;

namespace Caviar.Cli.Commands;

internal static class StudyLookup
{
    public static Study Load(IStudyStore store, string name) =>
        store.FindStudy(name) is null
            ? throw new CaviarValidationException("STUDY", $"no study named '{name}' in this store")
            : Study.Load(store, name);
}
