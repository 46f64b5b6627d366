using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Caviar.SpecDocs;

/// <summary>The XML documentation files beside the assemblies (GenerateDocumentationFile), read as plain Markdown text.</summary>
public sealed partial class XmlDocs
{
    private readonly Dictionary<string, XElement> _members = new(StringComparer.Ordinal);

    public XmlDocs(IEnumerable<Assembly> assemblies)
    {
        foreach (var assembly in assemblies.Distinct())
        {
            // Beside the program (the tool's and the tests' output folders both hold the referenced projects' .xml files).
            string file = Path.Combine(AppContext.BaseDirectory, assembly.GetName().Name + ".xml");
            if (!File.Exists(file)) throw new FileNotFoundException($"no XML documentation of {assembly.GetName().Name} in {AppContext.BaseDirectory}", file);
            foreach (var member in XDocument.Load(file).Descendants("member"))
                _members[member.Attribute("name")!.Value] = member;
        }
    }

    /// <summary>A property's summary, else the <c>param</c> of its record's constructor, else "".</summary>
    public string Of(PropertyInfo property)
    {
        var type = property.DeclaringType!;
        if (_members.TryGetValue($"P:{Name(type)}.{property.Name}", out var member) && member.Element("summary") is { } summary)
            return Text(summary);
        if (_members.TryGetValue($"T:{Name(type)}", out var owner) &&
            owner.Elements("param").FirstOrDefault(p => (string?)p.Attribute("name") == property.Name) is { } param)
            return Text(param);
        return "";
    }

    public string Of(Type type) =>
        _members.TryGetValue($"T:{Name(type)}", out var member) && member.Element("summary") is { } summary ? Text(summary) : "";

    public string Of(FieldInfo field) =>
        _members.TryGetValue($"F:{Name(field.DeclaringType!)}.{field.Name}", out var member) && member.Element("summary") is { } summary
            ? Text(summary) : "";

    private static string Name(Type type) => type.FullName!.Replace('+', '.');

    /// <summary>&lt;c&gt; becomes code, &lt;see cref&gt; its member's short name, whitespace one space; table pipes escaped.</summary>
    private static string Text(XElement element)
    {
        string text = string.Concat(element.Nodes().Select(node => node switch
        {
            XText plain => plain.Value,
            XElement { Name.LocalName: "c" } code => $"`{code.Value}`",
            XElement { Name.LocalName: "see" } see when see.Attribute("cref") is { } cref => $"`{ShortName(cref.Value)}`",
            XElement { Name.LocalName: "see" } see when see.Attribute("langword") is { } word => $"`{word.Value}`",
            XElement { Name.LocalName: "paramref" } param => $"`{param.Attribute("name")?.Value}`",
            XElement other => other.Value,
            _ => "",
        }));
        return Spaces().Replace(text, " ").Trim().Replace("|", "\\|");
    }

    private static string ShortName(string cref)
    {
        string name = cref[(cref.IndexOf(':') + 1)..];
        int paren = name.IndexOf('(');
        if (paren >= 0) name = name[..paren];
        return name[(name.LastIndexOf('.') + 1)..];
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
