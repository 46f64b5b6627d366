namespace Caviar.Containers;

/// <summary>The container engine is missing, or one of its commands failed; the message holds the engine's own words.</summary>
public sealed class ContainerEngineException(string message) : Exception(message);
