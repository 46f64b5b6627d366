using System.Text;

namespace Caviar.Cli.Conventions;

/// <summary>
/// A bash completion function for <c>caviar</c>: verbs first, then the verb's options after '-', else file names.
/// zsh runs the same function through <c>bashcompinit</c>.
/// </summary>
internal static class CompletionScript
{
    public static string Bash(IReadOnlyList<(string Verb, IReadOnlyList<string> Options)> verbs, bool zsh)
    {
        var script = new StringBuilder();
        script.AppendLine("# caviar tab completion; load with: source <(caviar completion " + (zsh ? "zsh" : "bash") + ")");
        if (zsh) script.AppendLine("autoload -U +X bashcompinit && bashcompinit");
        script.AppendLine("_caviar() {");
        script.AppendLine("  local cur=\"${COMP_WORDS[COMP_CWORD]}\" verb=\"\" opts=\"\" i");
        script.AppendLine("  for ((i = 1; i < COMP_CWORD; i++)); do");
        script.AppendLine("    if [[ \"${COMP_WORDS[i]}\" != -* ]]; then verb=\"${COMP_WORDS[i]}\"; break; fi");
        script.AppendLine("  done");
        script.AppendLine("  case \"$verb\" in");
        script.AppendLine($"    \"\") COMPREPLY=($(compgen -W \"{string.Join(' ', verbs.Select(v => v.Verb))} help --help --version\" -- \"$cur\")); return ;;");
        script.AppendLine($"    help) COMPREPLY=($(compgen -W \"{string.Join(' ', verbs.Select(v => v.Verb))}\" -- \"$cur\")); return ;;");
        foreach (var (verb, options) in verbs)
            script.AppendLine($"    {verb}) opts=\"{string.Join(' ', options.Append("--help"))}\" ;;");
        script.AppendLine("  esac");
        script.AppendLine("  if [[ \"$cur\" == -* ]]; then COMPREPLY=($(compgen -W \"$opts\" -- \"$cur\"));");
        script.AppendLine("  else COMPREPLY=($(compgen -f -- \"$cur\")); fi");
        script.AppendLine("}");
        script.AppendLine("complete -o filenames -o bashdefault -F _caviar caviar");
        return script.ToString();
    }
}
