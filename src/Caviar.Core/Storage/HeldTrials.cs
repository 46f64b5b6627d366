using System.Collections;
using Caviar.Trials;

namespace Caviar.Storage;

/// <summary>
/// The unfinished trials' numbers <see cref="TrialHistoryCache"/> passes to <see cref="IStudyStore.GetTrialsChanged"/>
/// and <see cref="IStudyStore.ReportIntermediateAndGetChanged"/>, with the trials as it holds them: a store that can
/// (the relational ones) reads of each only the intermediate values the held curve lacks, and returns the trial as a
/// whole read would. Any other store sees a read-only collection of the numbers, in ascending order.
/// </summary>
internal sealed class HeldTrials(List<TrialRecord> held) : IReadOnlyCollection<int>, ICollection<int>
{
    /// <summary>The trials held, by ascending number.</summary>
    public IReadOnlyList<TrialRecord> Trials => held;

    public int Count => held.Count;

    public bool IsReadOnly => true;

    public bool Contains(int item)
    {
        int low = 0, high = held.Count - 1;
        while (low <= high)
        {
            int middle = (low + high) >>> 1;
            int number = held[middle].Number;
            if (number == item) return true;
            if (number < item) low = middle + 1;
            else high = middle - 1;
        }
        return false;
    }

    public void CopyTo(int[] array, int arrayIndex)
    {
        for (int i = 0; i < held.Count; i++) array[arrayIndex + i] = held[i].Number;
    }

    public IEnumerator<int> GetEnumerator()
    {
        foreach (var trial in held) yield return trial.Number;
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    void ICollection<int>.Add(int item) => throw new NotSupportedException();

    void ICollection<int>.Clear() => throw new NotSupportedException();

    bool ICollection<int>.Remove(int item) => throw new NotSupportedException();
}
