using Caviar.Numerics;

namespace Caviar.Tests.Strategies;

public class SymmetricEigenTests
{
    [Fact]
    public void Decomposition_rebuilds_the_matrix_with_orthonormal_vectors()
    {
        double[,] a = { { 4, 1, -2, 0.5 }, { 1, 3, 0, 0.2 }, { -2, 0, 5, 1 }, { 0.5, 0.2, 1, 2 } };
        var (values, v) = SymmetricEigen.Decompose(a);
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++)
            {
                double rebuilt = 0, dot = 0;
                for (int k = 0; k < 4; k++)
                {
                    rebuilt += v[i, k] * values[k] * v[j, k];
                    dot += v[k, i] * v[k, j];
                }
                Assert.Equal(a[i, j], rebuilt, 10);
                Assert.Equal(i == j ? 1 : 0, dot, 10);
            }
        Assert.Equal(14, values.Sum(), 10);   // the trace
    }
}
