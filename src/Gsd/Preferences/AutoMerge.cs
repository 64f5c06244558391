namespace Gsd.Preferences;

/// <summary><c>parallel.auto_merge</c>: auto | confirm | manual (DESIGN §7).</summary>
public enum AutoMerge
{
    Auto,
    Confirm,
    Manual,
}
