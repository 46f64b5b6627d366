using System.Buffers.Binary;
using System.Text;

namespace Caviar.Algorithms.Native;

/// <summary>
/// Reads and edits the version requirements (<c>.gnu.version_r</c>, SHT_GNU_verneed) of a 64-bit little-endian
/// ELF shared library. Marking a requirement weak (VER_FLG_WEAK) lets the dynamic loader accept a library whose
/// dependency lacks that version; the loader still binds to it where it exists.
/// </summary>
public static class ElfVersionNeeds
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlagWeak = 0x2;

    /// <summary>One required version: the library it is needed from, its name, and whether it is weak.</summary>
    public sealed record Requirement(string Library, string Version, bool Weak, long FlagsOffset);

    public static IReadOnlyList<Requirement> Read(byte[] elf)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            throw new InvalidDataException("not an ELF file");
        if (elf[4] != 2 || elf[5] != 1)
            throw new InvalidDataException("only 64-bit little-endian ELF files are supported");
        long sectionTable = (long)U64(elf, 0x28);
        int entrySize = U16(elf, 0x3A), count = U16(elf, 0x3C);
        var requirements = new List<Requirement>();
        for (int s = 0; s < count; s++)
        {
            long header = sectionTable + (long)s * entrySize;
            if (U32(elf, header + 4) != ShtGnuVerneed) continue;
            long offset = (long)U64(elf, header + 24);
            int strings = (int)U32(elf, header + 40);
            long stringsOffset = (long)U64(elf, sectionTable + (long)strings * entrySize + 24);
            int needs = (int)U32(elf, header + 44);
            long need = offset;
            for (int n = 0; n < needs; n++)
            {
                string library = CString(elf, stringsOffset + U32(elf, need + 4));
                int auxCount = U16(elf, need + 2);
                long aux = need + U32(elf, need + 8);
                for (int a = 0; a < auxCount; a++)
                {
                    ushort flags = U16(elf, aux + 4);
                    requirements.Add(new Requirement(library, CString(elf, stringsOffset + U32(elf, aux + 8)),
                        (flags & VerFlagWeak) != 0, aux + 4));
                    aux += U32(elf, aux + 12);
                }
                need += U32(elf, need + 12);
            }
        }
        return requirements;
    }

    /// <summary>
    /// Marks <paramref name="version"/> weak wherever the file requires it. Returns false when there was nothing
    /// to change. The file is rewritten atomically (a temporary copy, then a rename).
    /// </summary>
    public static bool MarkWeak(string path, string version)
    {
        var elf = File.ReadAllBytes(path);
        var strong = Read(elf).Where(r => r.Version == version && !r.Weak).ToList();
        if (strong.Count == 0) return false;
        foreach (var requirement in strong)
        {
            var span = elf.AsSpan((int)requirement.FlagsOffset, 2);
            BinaryPrimitives.WriteUInt16LittleEndian(span, (ushort)(BinaryPrimitives.ReadUInt16LittleEndian(span) | VerFlagWeak));
        }
        string temporary = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllBytes(temporary, elf);
        File.Move(temporary, path, overwrite: true);
        return true;
    }

    private static ushort U16(byte[] b, long at) => BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan((int)at, 2));
    private static uint U32(byte[] b, long at) => BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan((int)at, 4));
    private static ulong U64(byte[] b, long at) => BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan((int)at, 8));

    private static string CString(byte[] b, long at)
    {
        int end = Array.IndexOf(b, (byte)0, (int)at);
        return Encoding.ASCII.GetString(b, (int)at, end - (int)at);
    }
}
