using System.Globalization;
using System.Text;
using System.Text.Json;
using Caviar.Serving.Models;

namespace Caviar.Serving.Protocols;

/// <summary>
/// Answers of SageMaker's protocol. JSON: <c>{"predictions": [...]}</c>, one per row — the row's values of the
/// output for a single-output model, else an object from output name to values. CSV: one line per row, the values
/// of every output in order (booleans as 1/0). Batch transform writes the same lines.
/// </summary>
internal static class PredictionWriter
{
    public static byte[] Json(IReadOnlyList<OutputTensor> outputs, int rows)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("predictions");
            for (int row = 0; row < rows; row++) WriteRow(json, outputs, row);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    public static void WriteRow(Utf8JsonWriter json, IReadOnlyList<OutputTensor> outputs, int row)
    {
        if (outputs.Count == 1)
        {
            WriteValues(json, outputs[0], row);
            return;
        }
        json.WriteStartObject();
        foreach (var output in outputs)
        {
            json.WritePropertyName(output.Name);
            WriteValues(json, output, row);
        }
        json.WriteEndObject();
    }

    private static void WriteValues(Utf8JsonWriter json, OutputTensor output, int row)
    {
        json.WriteStartArray();
        if (output.Data is float[] floats)
        {
            int width = output.ValuesPerRow;
            foreach (float f in floats.AsSpan(row * width, width))
                if (float.IsFinite(f)) json.WriteNumberValue(f);
                else json.WriteStringValue(f.ToString(CultureInfo.InvariantCulture));
        }
        else
            foreach (var value in output.Row(row)) WriteValue(json, value);
        json.WriteEndArray();
    }

    public static void WriteValue(Utf8JsonWriter json, object value)
    {
        switch (value)
        {
            case float f when float.IsFinite(f): json.WriteNumberValue(f); break;
            case double d when double.IsFinite(d): json.WriteNumberValue(d); break;
            case float or double: json.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
            case bool b: json.WriteBooleanValue(b); break;
            case string s: json.WriteStringValue(s); break;
            default: json.WriteNumberValue(Convert.ToDecimal(value, CultureInfo.InvariantCulture)); break;
        }
    }

    public static byte[] Csv(IReadOnlyList<OutputTensor> outputs, int rows)
    {
        var text = new StringBuilder();
        for (int row = 0; row < rows; row++) AppendCsvLine(text, outputs, row);
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    public static void AppendCsvLine(StringBuilder text, IReadOnlyList<OutputTensor> outputs, int row)
    {
        bool first = true;
        foreach (var output in outputs)
            foreach (var value in output.Row(row))
            {
                if (!first) text.Append(',');
                first = false;
                text.Append(value switch
                {
                    bool b => b ? "1" : "0",
                    float f => f.ToString("R", CultureInfo.InvariantCulture),
                    double d => d.ToString("R", CultureInfo.InvariantCulture),
                    _ => Convert.ToString(value, CultureInfo.InvariantCulture),
                });
            }
        text.Append('\n');
    }
}
