namespace Gsd.Preferences;

/// <summary>A value read from YAML, or the fact that reading failed (the error is already recorded).</summary>
internal readonly record struct ReadOutcome(bool Ok, object? Value)
{
    public static ReadOutcome Failed => new(false, null);

    public static ReadOutcome Of(object? value) => new(true, value);
}
