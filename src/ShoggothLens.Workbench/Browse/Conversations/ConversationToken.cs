namespace ShoggothLens.Workbench.Browse.Conversations;

/// <summary>One token of a conversation as the activation store holds it, with one feature's activation there.</summary>
/// <param name="Position">Position in its document.</param>
/// <param name="Text">The token's text (the tokenizer's, or the id as text when the catalog records none).</param>
/// <param name="Role">Role name as DESIGN.md spells it (Assistant, User, Persona(name), …).</param>
/// <param name="Activation">The feature's activation: the SAE's Encode of the stored residual at the catalog's hook.</param>
public sealed record ConversationToken(int Position, int TokenId, string Text, string Role, float Activation);
