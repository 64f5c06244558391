namespace Gsd.Planning;

/// <summary>Which file a milestone's title came from (ROADMAP H1, else CONTEXT, CONTEXT-DRAFT, SUMMARY).</summary>
public enum TitleSource
{
    None,
    Roadmap,
    Context,
    ContextDraft,
    Summary,
}
