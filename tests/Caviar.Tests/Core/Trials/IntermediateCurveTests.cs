using Caviar.Trials;

namespace Caviar.Tests.Trials;

/// <summary>The curve type behind a relational store's intermediate values: appended views share storage, never change.</summary>
public class IntermediateCurveTests
{
    [Fact]
    public void Values_read_in_any_order_come_out_by_step_and_answer_lookups()
    {
        var curve = IntermediateCurve.Of([3, 1, 2], [0.3, 0.1, 0.2], 3, revision: 0);
        Assert.Equal([1L, 2, 3], curve.Keys);
        Assert.Equal([0.1, 0.2, 0.3], curve.Values);
        Assert.Equal((3L, 0.3), (curve.LastStep, curve.LastValue));
        Assert.Equal(0.2, curve[2]);
        Assert.False(curve.TryGetValue(4, out _));
        Assert.Throws<KeyNotFoundException>(() => curve[0]);
    }

    [Fact]
    public void Appending_shares_the_arrays_once_and_leaves_earlier_curves_as_they_were()
    {
        var first = IntermediateCurve.Of(new long[8], new double[8], 0, revision: 0).Merged([1, 2], [0.1, 0.2], 2, revision: 0);
        var longer = first.Merged([2, 3], [0.2, 0.3], 2, revision: 0);
        // A second curve appended to the same first one cannot write where the longer one's value is: it gets arrays of its own.
        var branch = first.Merged([3], [9.0], 1, revision: 0);
        Assert.Equal([(1L, 0.1), (2L, 0.2)], first.Select(p => (p.Key, p.Value)));
        Assert.Equal([(1L, 0.1), (2L, 0.2), (3L, 0.3)], longer.Select(p => (p.Key, p.Value)));
        Assert.Equal([(1L, 0.1), (2L, 0.2), (3L, 9.0)], branch.Select(p => (p.Key, p.Value)));
        Assert.True(longer.StepSpan.Overlaps(first.StepSpan));   // shared, not copied
        Assert.False(branch.StepSpan.Overlaps(first.StepSpan));
    }

    [Fact]
    public void Nothing_new_returns_the_same_curve_and_a_changed_last_value_copies()
    {
        var curve = IntermediateCurve.Of([1, 2], [0.1, 0.2], 2, revision: 3);
        Assert.Same(curve, curve.Merged([2], [0.2], 1, revision: 3));
        var rewritten = curve.Merged([2, 4], [0.5, 0.4], 2, revision: 3);
        Assert.Equal([(1L, 0.1), (2L, 0.5), (4L, 0.4)], rewritten.Select(p => (p.Key, p.Value)));
        Assert.Equal([0.1, 0.2], curve.Values);
        Assert.Equal(7, curve.Merged([], [], 0, revision: 7).Revision);
    }
}
