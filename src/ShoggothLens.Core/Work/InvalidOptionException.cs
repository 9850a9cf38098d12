namespace ShoggothLens.Core.Work;

/// <summary>
/// An option of a use case is wrong or conflicts with what is on disk. The message speaks in domain terms
/// ("learning rate must be positive"); <see cref="Option"/> names the option as the options record spells it
/// (e.g. <c>LearningRate</c>, <c>Resume</c>), so a front end can point at its own control for it (the CLI
/// adds its flag, e.g. <c>--lr</c>).
/// </summary>
public sealed class InvalidOptionException(string option, string message) : ArgumentException(message)
{
    /// <summary>The option's name in the options record (a property name, e.g. <c>LearningRate</c>).</summary>
    public string Option { get; } = option;
}
