namespace Gsd.Planning;

public enum RoadmapFormat
{
    None,
    Empty,
    Checkbox,
    Table,
    Headings,
}
