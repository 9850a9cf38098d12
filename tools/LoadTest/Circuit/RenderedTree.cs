using System.Text;
using System.Text.RegularExpressions;

namespace ShoggothLens.LoadTest.Circuit;

/// <summary>
/// One node of the client's copy of the page: an element (tag, attributes, event handler ids), a text or markup node,
/// or the container of a component's output (what blazor.web.js calls a logical container: a component's nodes
/// sit in it, in its parent's place). Regions leave no node: their frames become siblings in the parent.
/// </summary>
public sealed class Node
{
    public enum Kinds { Element, Text, Markup, Component }

    public required Kinds Kind { get; init; }
    public string? Tag { get; init; }
    public int ComponentId { get; init; }
    public string? Text { get; set; }
    public Node? Parent { get; set; }
    public List<Node> Children { get; } = [];
    public Dictionary<string, string> Attributes { get; } = new(StringComparer.Ordinal);
    /// <summary>Event name as the attribute names it ("onclick") → the renderer's event handler id.</summary>
    public Dictionary<string, ulong> Events { get; } = new(StringComparer.Ordinal);

    public string? Attr(string name) => Attributes.GetValueOrDefault(name);
    public bool Has(string name) => Attributes.ContainsKey(name);
    public bool HasClass(string cls) => Attr("class") is { } c && c.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(cls);
    public bool Is(string tag) => Kind == Kinds.Element && string.Equals(Tag, tag, StringComparison.OrdinalIgnoreCase);

    /// <summary>Every node below this one, in document order (component output included).</summary>
    public IEnumerable<Node> Descendants()
    {
        var stack = new Stack<Node>();
        for (int i = Children.Count - 1; i >= 0; i--) stack.Push(Children[i]);
        while (stack.Count > 0)
        {
            var n = stack.Pop();
            yield return n;
            for (int i = n.Children.Count - 1; i >= 0; i--) stack.Push(n.Children[i]);
        }
    }

    public IEnumerable<Node> Elements(Func<Node, bool> match) => Descendants().Where(n => n.Kind == Kinds.Element && match(n));

    /// <summary>The text a user reads: text nodes, and markup with its tags taken out.</summary>
    public string TextContent()
    {
        var sb = new StringBuilder();
        void Walk(Node n)
        {
            if (n.Kind == Kinds.Text) sb.Append(n.Text);
            else if (n.Kind == Kinds.Markup) sb.Append(System.Net.WebUtility.HtmlDecode(Tags.Replace(n.Text ?? "", "")));
            foreach (var c in n.Children) Walk(c);
        }
        Walk(this);
        return sb.ToString();
    }

    static readonly Regex Tags = new("<[^>]*>", RegexOptions.Compiled);
}

/// <summary>
/// The page as the server's render batches build it, applied the way blazor.web.js applies them to the DOM (same
/// sibling indexing, regions flattened, components in their own containers), so a session can check what a user
/// would see (the grid's first row, the feature in the heading) and find the event handler ids and links to act on.
/// Not thread-safe: the circuit applies batches and answers queries under its own lock.
/// </summary>
public sealed class RenderedTree
{
    readonly Dictionary<int, Node> _components = new();
    readonly List<Node> _roots = [];

    /// <summary>Root components in the order the server attached them (HeadOutlet, then Routes in this app).</summary>
    public IReadOnlyList<Node> Roots => _roots;

    public void AttachRoot(int componentId)
    {
        var container = Container(componentId);
        if (!_roots.Contains(container)) _roots.Add(container);
    }

    public IEnumerable<Node> Elements(Func<Node, bool> match) => _roots.SelectMany(r => r.Elements(match));

    /// <summary>The page as indented markup (component containers as comments), for looking at what a session saw.</summary>
    public string Dump()
    {
        var sb = new StringBuilder();
        void Walk(Node n, int depth)
        {
            string pad = new(' ', 2 * depth);
            switch (n.Kind)
            {
                case Node.Kinds.Component: sb.Append(pad).Append("<!-- component ").Append(n.ComponentId).AppendLine(" -->"); break;
                case Node.Kinds.Text: sb.Append(pad).AppendLine(n.Text); break;
                case Node.Kinds.Markup: sb.Append(pad).AppendLine(n.Text); break;
                default:
                    sb.Append(pad).Append('<').Append(n.Tag);
                    foreach (var (k, v) in n.Attributes) sb.Append(' ').Append(k).Append("=\"").Append(v).Append('"');
                    foreach (var (k, v) in n.Events) sb.Append(' ').Append(k).Append("=#").Append(v);
                    sb.AppendLine(">");
                    break;
            }
            foreach (var c in n.Children) Walk(c, depth + 1);
        }
        foreach (var r in _roots) Walk(r, 0);
        return sb.ToString();
    }

    public void Apply(RenderBatch batch)
    {
        foreach (var diff in batch.Diffs) ApplyDiff(diff, batch.Frames);
        foreach (int id in batch.DisposedComponents) _components.Remove(id);
    }

    Node Container(int componentId)
    {
        if (!_components.TryGetValue(componentId, out var node))
            _components[componentId] = node = new Node { Kind = Node.Kinds.Component, ComponentId = componentId };
        return node;
    }

    void ApplyDiff(ComponentDiff diff, IReadOnlyList<Frame> frames)
    {
        var parent = Container(diff.ComponentId);
        int depth = 0, offset = 0;
        var permutation = new List<(int From, int To)>();
        foreach (var edit in diff.Edits)
        {
            int at = offset + edit.SiblingIndex;
            switch (edit.Type)
            {
                case EditType.PrependFrame:
                    InsertFrame(parent, at, frames, edit.Index);
                    break;
                case EditType.RemoveFrame:
                    parent.Children.RemoveAt(at);
                    break;
                case EditType.SetAttribute:
                    SetAttribute(parent.Children[at], frames[edit.Index]);
                    break;
                case EditType.RemoveAttribute:
                    parent.Children[at].Attributes.Remove(edit.RemovedAttributeName!);
                    parent.Children[at].Events.Remove(edit.RemovedAttributeName!);
                    break;
                case EditType.UpdateText:
                case EditType.UpdateMarkup:
                    parent.Children[at].Text = frames[edit.Index].Value;
                    break;
                case EditType.StepIn:
                    parent = parent.Children[at];
                    depth++;
                    offset = 0;
                    break;
                case EditType.StepOut:
                    parent = parent.Parent ?? throw new FormatException("a step out of the component");
                    depth--;
                    offset = 0;
                    break;
                case EditType.PermutationListEntry:
                    permutation.Add((at, offset + edit.Index));
                    break;
                case EditType.PermutationListEnd:
                    var before = parent.Children.ToArray();
                    foreach (var (from, to) in permutation) parent.Children[to] = before[from];
                    permutation.Clear();
                    break;
                default:
                    throw new FormatException($"unknown edit type {(int)edit.Type}");
            }
        }
    }

    /// <summary>Inserts the frame at <paramref name="index"/> of <paramref name="parent"/>; returns how many nodes that added there.</summary>
    int InsertFrame(Node parent, int index, IReadOnlyList<Frame> frames, int frameIndex)
    {
        var frame = frames[frameIndex];
        switch (frame.Type)
        {
            case FrameType.Element:
            {
                var element = new Node { Kind = Node.Kinds.Element, Tag = frame.Name, Parent = parent };
                parent.Children.Insert(index, element);
                int end = frameIndex + frame.SubtreeLength, i = frameIndex + 1;
                for (; i < end && frames[i].Type == FrameType.Attribute; i++) SetAttribute(element, frames[i]);
                InsertRange(element, 0, frames, i, end);
                return 1;
            }
            case FrameType.Text:
            case FrameType.Markup:
                parent.Children.Insert(index, new Node { Kind = frame.Type == FrameType.Text ? Node.Kinds.Text : Node.Kinds.Markup, Text = frame.Value, Parent = parent });
                return 1;
            case FrameType.Component:
            {
                var container = Container(frame.ComponentId);
                container.Parent = parent;
                parent.Children.Insert(index, container);
                return 1;
            }
            case FrameType.Region:
                return InsertRange(parent, index, frames, frameIndex + 1, frameIndex + frame.SubtreeLength);
            case FrameType.Attribute:
                throw new FormatException("an attribute frame outside an element's leading frames");
            default:
                return 0;   // reference captures, render modes, named events: nothing in the page
        }
    }

    int InsertRange(Node parent, int index, IReadOnlyList<Frame> frames, int start, int end)
    {
        int first = index;
        for (int i = start; i < end; i++)
        {
            var frame = frames[i];
            index += InsertFrame(parent, index, frames, i);
            if (frame.Type is FrameType.Element or FrameType.Component or FrameType.Region) i += frame.SubtreeLength - 1;
        }
        return index - first;
    }

    static void SetAttribute(Node element, Frame attribute)
    {
        string name = attribute.Name!;
        if (attribute.EventHandlerId != 0) element.Events[name] = attribute.EventHandlerId;
        else if (attribute.Value is null) element.Attributes.Remove(name);   // a false boolean attribute
        else element.Attributes[name] = attribute.Value;
    }
}
