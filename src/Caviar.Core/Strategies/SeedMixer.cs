namespace Caviar.Strategies;

/// <summary>Derives well-spread seeds from a study seed (SplitMix64 finaliser).</summary>
public static class SeedMixer
{
    public static int ForTrial(int studySeed, int trialNumber) =>
        (int)Mix(((ulong)(uint)studySeed << 32) | (uint)trialNumber);

    public static ulong Mix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}
