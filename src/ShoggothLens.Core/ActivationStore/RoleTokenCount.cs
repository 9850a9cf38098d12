using ShoggothLens.Core.Roles;

namespace ShoggothLens.Core.ActivationStore;

/// <summary>How many of a store's tokens have a role; the manifest's list of these is the store's role table.</summary>
public sealed record RoleTokenCount(Role Role, long Tokens);
