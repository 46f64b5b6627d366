using System.Buffers.Binary;
using System.IO.Compression;

namespace Caviar.Algorithms.Data;

/// <summary>The IDX format of MNIST-like data sets (optionally gzip-compressed): unsigned bytes with a shape.</summary>
public sealed record IdxFile(int[] Shape, byte[] Data)
{
    public static IdxFile Read(string path)
    {
        using var file = File.OpenRead(path);
        using Stream stream = path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : file;
        var header = new byte[4];
        stream.ReadExactly(header);
        if (header[0] != 0 || header[1] != 0 || header[2] != 0x08)
            throw new InvalidDataException($"{path}: not an IDX file of unsigned bytes");
        var shape = new int[header[3]];
        var dimension = new byte[4];
        for (int i = 0; i < shape.Length; i++)
        {
            stream.ReadExactly(dimension);
            shape[i] = BinaryPrimitives.ReadInt32BigEndian(dimension);
        }
        var data = new byte[shape.Aggregate(1L, (a, b) => a * b)];
        stream.ReadExactly(data);
        return new IdxFile(shape, data);
    }
}
