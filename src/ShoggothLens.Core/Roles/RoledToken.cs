namespace ShoggothLens.Core.Roles;

/// <summary>A token of a rendered text: its id, its text, its character offsets and its role.</summary>
public readonly record struct RoledToken(int Id, string Text, int Start, int End, Role Role);
