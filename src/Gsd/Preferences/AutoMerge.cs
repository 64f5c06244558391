namespace Gsd.Preferences;

/// <summary><c>parallel.auto_merge</c>: auto | confirm | manual (ARCHITECTURE §7).</summary>
public enum AutoMerge
{
    Auto,
    Confirm,
    Manual,
}
