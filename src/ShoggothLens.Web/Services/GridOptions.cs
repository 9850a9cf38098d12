namespace ShoggothLens.Web.Services;

/// <summary>How the feature grid renders. Virtualize (the default) draws only the visible rows; component tests, which
/// have no browser to measure a viewport, render every row.</summary>
public sealed record GridOptions(bool Virtualize = true, int RowHeight = 33);
