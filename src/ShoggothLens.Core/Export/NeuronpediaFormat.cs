using System.Text.Encodings.Web;
using System.Text.Json;
using ShoggothLens.Core.Analysis;
using ShoggothLens.Core.Catalog;

namespace ShoggothLens.Core.Export;

/// <summary>
/// Neuronpedia / SAEDashboard batch JSON (docs/export.md): each file is one <c>NeuronpediaDashboardBatch</c> object
/// <c>{model_id, layer, sae_set, sae_id_suffix, shoggoth, features: [...]}</c>, each feature a
/// <c>NeuronpediaDashboardFeature</c> with SAEDashboard's keys in SAEDashboard's order, then ShoggothLens's own
/// role statistics and scores under the key <c>shoggoth</c> (Neuronpedia's importer reads keys by name and ignores
/// others). Fields the catalog lacks (null in an older catalog, or never computed, e.g. neuron alignment) are
/// empty lists, never missing. Written with a fixed key order, invariant numbers in shortest round-trip form
/// (float32 values as float32), compact, one newline at the end: the same catalog and settings give the same bytes.
/// </summary>
/// <param name="candidates">The catalog's label-free candidates: a feature's <c>shoggoth.hidden_motive_candidate</c>.</param>
public sealed class NeuronpediaFormat(NeuronpediaSettings settings, CandidateSet candidates) : IBatchFormat
{
    /// <summary>Version of the <c>shoggoth</c> extension (batch-level <c>shoggoth.export_version</c>). 2: <c>hidden_motive_candidate</c>
    /// is the label-free report's candidate (specific home); the catalog's weaker flag it meant in 1 is <c>outside_role_leak</c>.</summary>
    public const int Version = 2;

    static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = false, SkipValidation = false };

    public NeuronpediaSettings Settings { get; } = settings;

    public string Extension => "json";

    public void Write(Stream output, CatalogMetadata metadata, IEnumerable<FeatureStatistics> features)
    {
        using (var w = new Utf8JsonWriter(output, Options))
        {
            w.WriteStartObject();
            w.WriteString("model_id", Settings.ModelId);
            w.WriteNumber("layer", Settings.Layer);
            w.WriteString("sae_set", Settings.SaeSet);
            if (Settings.SaeIdSuffix is null) w.WriteNull("sae_id_suffix");
            else w.WriteString("sae_id_suffix", Settings.SaeIdSuffix);
            WriteBatchExtension(w, metadata);
            w.WriteStartArray("features");
            foreach (var f in features)
            {
                WriteFeature(w, f);
                if (w.BytesPending > 1 << 16) w.Flush();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        output.WriteByte((byte)'\n');
    }

    public bool IsComplete(string path, int from, int to) =>
        BatchFileCheck.FeatureIndices(path, "features", from, to);

    static void WriteBatchExtension(Utf8JsonWriter w, CatalogMetadata metadata)
    {
        w.WriteStartObject("shoggoth");
        w.WriteNumber("export_version", Version);
        w.WriteString("catalog", metadata.Name);
        w.WriteNumber("catalog_features", metadata.Features);
        w.WriteNumber("tokens", metadata.Tokens);
        Strings(w, "roles", metadata.Roles);
        Strings(w, "labels", metadata.Labels);
        w.WriteStartObject("parameters");
        foreach (var (key, value) in metadata.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal)) w.WriteString(key, value);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    void WriteFeature(Utf8JsonWriter w, FeatureStatistics f)
    {
        var n = new Numbers(f.Feature);
        w.WriteStartObject();
        w.WriteNumber("feature_index", f.Feature);
        foreach (string empty in (ReadOnlySpan<string>)["neuron_alignment_indices", "neuron_alignment_values", "neuron_alignment_l1",
                     "correlated_neurons_indices", "correlated_neurons_l1", "correlated_neurons_pearson",
                     "correlated_features_indices", "correlated_features_l1", "correlated_features_pearson"])
        {
            w.WriteStartArray(empty);
            w.WriteEndArray();
        }

        IReadOnlyList<TokenEffect> bottom = f.Logits?.Bottom ?? [], top = f.Logits?.Top ?? [];
        Strings(w, "neg_str", bottom.Select(e => e.Token));
        n.Floats(w, "neg_values", bottom.Select(e => e.Value));
        Strings(w, "pos_str", top.Select(e => e.Token));
        n.Floats(w, "pos_values", top.Select(e => e.Value));

        n.Double(w, "frac_nonzero", f.Overall.Frequency);
        double width = f.HistogramBinWidth;
        n.Doubles(w, "freq_hist_data_bar_values", Enumerable.Range(0, f.Histogram.Count).Select(i => (i + 0.5) * width));
        Ints(w, "freq_hist_data_bar_heights", f.Histogram);
        var logitHistogram = f.Logits?.Histogram ?? [];
        Ints(w, "logits_hist_data_bar_heights", logitHistogram);
        n.Floats(w, "logits_hist_data_bar_values", Enumerable.Range(0, logitHistogram.Count)
            .Select(i => (float)(f.Logits!.HistogramMin + (i + 0.5) * (double)f.Logits.HistogramBinWidth)));

        w.WriteNumber("n_prompts_total", Settings.PromptsTotal);
        w.WriteNumber("n_tokens_in_prompt", Settings.TokensInPrompt);
        w.WriteString("dataset", Settings.Dataset);
        w.WriteStartArray("decoder_weights_dist");
        w.WriteEndArray();

        w.WriteStartArray("activations");
        foreach (var window in f.TopContexts ?? [])
            WriteActivation(w, n, window, -1, f.Overall.Max, -1, null);
        foreach (var group in f.QuantileGroups ?? [])
        {
            double contains = f.Overall.Firings > 0 ? (double)group.Contains / f.Overall.Firings : 0;
            foreach (var window in group.Examples ?? [])
                WriteActivation(w, n, window, group.Min, group.Max, contains, group.Contains);
        }
        w.WriteEndArray();

        WriteFeatureExtension(w, n, f);
        w.WriteEndObject();
    }

    /// <summary>
    /// One SAEDashboard sequence. Top examples carry bin_min −1, bin_max = the feature's max activation and
    /// bin_contains −1, as SAEDashboard's converter marks its "TOP ACTIVATIONS" group; interval examples carry their
    /// interval and the share of the feature's firing tokens that fall in it.
    /// </summary>
    static void WriteActivation(Utf8JsonWriter w, Numbers n, ContextWindow window, float binMin, float binMax, double binContains, long? binTokens)
    {
        if (window.Tokens is null || window.Activations is null || window.Tokens.Count == 0 || window.Tokens.Count != window.Activations.Count
            || window.QualifyingIndex < 0 || window.QualifyingIndex >= window.Tokens.Count)
            throw new InvalidDataException($"feature {n.Feature}: a context window of document {window.Document} has {window.Tokens?.Count ?? 0} tokens, "
                                           + $"{window.Activations?.Count ?? 0} activations and qualifying index {window.QualifyingIndex}");
        w.WriteStartObject();
        n.Float(w, "bin_min", binMin);
        n.Float(w, "bin_max", binMax);
        n.Double(w, "bin_contains", binContains);
        Strings(w, "tokens", window.Tokens);
        n.Floats(w, "values", window.Activations);
        w.WriteNumber("qualifying_token_index", window.QualifyingIndex);
        w.WriteStartObject("shoggoth");
        w.WriteNumber("document", window.Document);
        w.WriteNumber("position", window.Position);
        n.Float(w, "activation", window.Activation);
        Ints(w, "token_ids", window.TokenIds ?? []);
        Strings(w, "roles", window.Roles ?? []);
        if (binTokens is { } tokens) w.WriteNumber("bin_tokens", tokens);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    void WriteFeatureExtension(Utf8JsonWriter w, Numbers n, FeatureStatistics f)
    {
        var s = f.Scores;
        w.WriteStartObject("shoggoth");
        n.Float(w, "max_activation", f.Overall.Max);
        n.Double(w, "mean_activation", f.Overall.Mean);
        n.Double(w, "freq_hist_bin_width", f.HistogramBinWidth);
        n.Double(w, "assistant_affinity", s.AssistantAffinity);
        w.WriteBoolean("persona_aligned", s.PersonaAligned);
        w.WriteBoolean("outside_role", s.OutsideRole);
        if (s.HomePersona is null) w.WriteNull("home_persona");
        else w.WriteString("home_persona", s.HomePersona);
        n.Double(w, "assistant_lower_bound", s.AssistantLowerBound);
        n.Double(w, "hidden_motive_evidence", s.HiddenMotiveEvidence);
        w.WriteBoolean("outside_role_leak", s.OutsideRoleLeak);
        w.WriteBoolean("hidden_motive_candidate", candidates.Contains(f.Feature));
        w.WriteNumber("leak_document_count", s.LeakDocumentCount);
        w.WriteNumber("leaks_with_motive", s.LeaksWithMotive);
        w.WriteNumber("leaks_firing_before_motive", s.LeaksFiringBeforeMotive);
        Strings(w, "shared_triggers", s.SharedTriggers);

        w.WriteStartArray("leak_labels");
        foreach (var l in s.LeakLabels)
        {
            w.WriteStartObject();
            w.WriteString("label", l.Label);
            w.WriteNumber("documents", l.Documents);
            n.Double(w, "share", l.Share);
            w.WriteEndObject();
        }
        w.WriteEndArray();

        w.WriteStartArray("leak_documents");
        foreach (var d in s.LeakDocuments)
        {
            w.WriteStartObject();
            w.WriteNumber("document", d.Document);
            w.WriteNumber("firings", d.Firings);
            n.Float(w, "max_activation", d.Max);
            w.WriteNumber("first_position", d.FirstPosition);
            w.WriteNumber("motive_start", d.MotiveStart);
            Strings(w, "labels", d.Labels);
            w.WriteEndObject();
        }
        w.WriteEndArray();

        w.WriteStartObject("roles");
        foreach (var r in f.ByRole)
        {
            w.WriteStartObject(r.Role);
            w.WriteNumber("tokens", r.Tokens);
            w.WriteNumber("firings", r.Firings);
            n.Double(w, "frac_nonzero", r.Frequency);
            n.Double(w, "mean_activation", r.Mean);
            n.Float(w, "max_activation", r.Max);
            w.WriteEndObject();
        }
        w.WriteEndObject();

        Links(w, n, "decoder_neighbours", "cosine", f.DecoderNeighbours);
        Links(w, n, "co_activating", "value", f.CoActivating);
        w.WriteStartArray("persona_cosines");
        foreach (var p in f.PersonaCosines ?? [])
        {
            w.WriteStartObject();
            w.WriteString("persona", p.Persona);
            n.Double(w, "cosine", p.Cosine);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    static void Links(Utf8JsonWriter w, Numbers n, string name, string valueName, IReadOnlyList<FeatureLink>? links)
    {
        w.WriteStartArray(name);
        foreach (var link in links ?? [])
        {
            w.WriteStartObject();
            w.WriteNumber("feature_index", link.Feature);
            n.Double(w, valueName, link.Value);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    static void Strings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (string v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }

    static void Ints(Utf8JsonWriter w, string name, IEnumerable<int> values)
    {
        w.WriteStartArray(name);
        foreach (int v in values) w.WriteNumberValue(v);
        w.WriteEndArray();
    }

    /// <summary>Numbers of one feature: JSON has no NaN or infinity, so a non-finite value is an error naming the feature and field.</summary>
    readonly struct Numbers(int feature)
    {
        public int Feature => feature;

        float Check(float v, string name) => float.IsFinite(v) ? v : throw NotFinite(name, v);
        double Check(double v, string name) => double.IsFinite(v) ? v : throw NotFinite(name, v);
        InvalidDataException NotFinite(string name, double v) => new($"feature {feature}: {name} is {v.ToString(System.Globalization.CultureInfo.InvariantCulture)}, which JSON cannot hold");

        public void Float(Utf8JsonWriter w, string name, float v) => w.WriteNumber(name, Check(v, name));
        public void Double(Utf8JsonWriter w, string name, double v) => w.WriteNumber(name, Check(v, name));

        public void Floats(Utf8JsonWriter w, string name, IEnumerable<float> values)
        {
            w.WriteStartArray(name);
            foreach (float v in values) w.WriteNumberValue(Check(v, name));
            w.WriteEndArray();
        }

        public void Doubles(Utf8JsonWriter w, string name, IEnumerable<double> values)
        {
            w.WriteStartArray(name);
            foreach (double v in values) w.WriteNumberValue(Check(v, name));
            w.WriteEndArray();
        }
    }
}
