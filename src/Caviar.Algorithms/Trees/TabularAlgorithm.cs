using Caviar.Algorithms.Hosting;

namespace Caviar.Algorithms.Trees;

/// <summary>The built-in gbt and linear algorithms (ML.NET) as jobs.</summary>
public static class TabularAlgorithm
{
    public static void Run(string algorithm, JobContext job, TextWriter log) =>
        throw new NotImplementedException(algorithm);
}
