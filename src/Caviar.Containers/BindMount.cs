namespace Caviar.Containers;

/// <summary>A host path seen inside the container at <see cref="ContainerPath"/>.</summary>
/// <param name="HostPath">The path on the host.</param>
/// <param name="ContainerPath">Where the container sees it.</param>
/// <param name="ReadOnly">Whether the container may only read it. Default false.</param>
public sealed record BindMount(string HostPath, string ContainerPath, bool ReadOnly = false)
{
    /// <summary>The <c>-v</c> value; ':' in a path would be read as a separator, so such a path is refused.</summary>
    public string Argument()
    {
        foreach (var path in new[] { HostPath, ContainerPath })
            if (path.Contains(':', StringComparison.Ordinal) || path.Contains(',', StringComparison.Ordinal))
                throw new ContainerEngineException($"cannot mount '{path}': a path with ':' or ',' cannot be given to the engine");
        return $"{HostPath}:{ContainerPath}{(ReadOnly ? ":ro" : "")}";
    }
}
