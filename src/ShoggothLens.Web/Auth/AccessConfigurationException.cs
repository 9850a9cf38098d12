namespace ShoggothLens.Web.Auth;

/// <summary>
/// The server will not start with this access configuration (no users on a reachable address, a malformed users
/// file, an unknown role). An <see cref="ArgumentException"/>, so the CLI prints it as one line about the input.
/// </summary>
public sealed class AccessConfigurationException(string message, Exception? inner = null) : ArgumentException(message, inner);
