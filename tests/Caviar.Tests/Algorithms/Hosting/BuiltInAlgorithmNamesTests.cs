using Caviar.Algorithms.Hosting;
using Caviar.BuiltIns;
using Caviar.Jobs.Specs;

namespace Caviar.Tests.Algorithms;

/// <summary>
/// The built-in algorithms' names come from one place (the catalog of their hyperparameters): every declared algorithm
/// has exactly one host that implements it, and the job side sends the neural ones to the plugin.
/// </summary>
public class BuiltInAlgorithmNamesTests
{
    [Fact]
    public void Every_declared_algorithm_has_exactly_one_host_and_no_host_implements_an_undeclared_one()
    {
        var tabular = BuiltInAlgorithmHost.Tabular.Keys.ToHashSet();
        var neural = NeuralAlgorithm.Hosted.Keys.ToHashSet();
        Assert.Empty(tabular.Intersect(neural));
        Assert.Equal(BuiltInAlgorithmCatalog.Names.Order(), tabular.Concat(neural).Order());
        Assert.Equal(BuiltInAlgorithms.Names.Order(), BuiltInAlgorithmCatalog.Names.Order());
    }

    [Fact]
    public void The_job_side_starts_the_plugin_for_exactly_the_algorithms_the_plugin_hosts()
    {
        Assert.Equal(NeuralAlgorithm.Hosted.Keys.Order(), NeuralPlugin.Algorithms.Order());
        Assert.Equal(["cnn", "mlp"], NeuralPlugin.Algorithms.Order());
        Assert.Equal(["gbt", "linear"], BuiltInAlgorithmHost.Tabular.Keys.Order());
    }
}
