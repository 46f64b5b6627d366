using System.Globalization;

namespace Caviar.Algorithms.LightGbm;

/// <summary>
/// LightGBM's parameter string ("key=value key=value", the form every C API call takes), built key by key: a later
/// value for a key replaces the earlier one. Values are written with the invariant culture; keys and values may not
/// contain spaces or '=' (LightGBM splits on them). Anything LightGBM accepts can be set, e.g. the distributed
/// learning keys (<c>machines</c>, <c>tree_learner</c>, <c>num_machines</c>, <c>local_listen_port</c>).
/// </summary>
public sealed class LightGbmParameters
{
    private readonly List<KeyValuePair<string, string>> _values = [];

    public LightGbmParameters Set(string key, object value)
    {
        string text = value switch
        {
            bool b => b ? "true" : "false",
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            float f => f.ToString("R", CultureInfo.InvariantCulture),
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
        if (key.Length == 0 || key.Any(c => char.IsWhiteSpace(c) || c == '=') || text.Any(c => char.IsWhiteSpace(c) || c == '='))
            throw new ArgumentException($"LightGBM parameter '{key}={text}' may not contain spaces or '='");
        int index = _values.FindIndex(v => v.Key == key);
        if (index >= 0) _values[index] = new(key, text);
        else _values.Add(new(key, text));
        return this;
    }

    public string? Get(string key) => _values.FirstOrDefault(v => v.Key == key).Value;

    public override string ToString() => string.Join(" ", _values.Select(v => $"{v.Key}={v.Value}"));
}
