using System.Text;
using System.Text.Json;

namespace ShoggothLens.Workbench.Intervene;

/// <summary>An <see cref="InterveneResult"/> as one compact JSON line (snake_case), for scripts and the CLI's <c>--json</c>.</summary>
public static class InterveneJson
{
    public static string ToJson(InterveneResult r)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("model", r.ModelDirectory);
            w.WriteString("sae", r.Request.Sae);
            w.WriteString("hook", r.Hook);
            w.WriteNumber("sae_width", r.SaeWidth);
            w.WriteNumber("residual_norm", r.ResidualNorm);
            w.WriteStartObject("decoder_norms");
            foreach (var (f, n) in r.DecoderNorms) w.WriteNumber(f.ToString(System.Globalization.CultureInfo.InvariantCulture), n);
            w.WriteEndObject();
            var ce = r.CrossEntropy;
            w.WriteStartObject("cross_entropy");
            w.WriteNumber("documents", ce.Documents);
            w.WriteNumber("tokens", ce.Tokens);
            w.WriteNumber("clean", ce.Clean);
            w.WriteNumber("reconstruction", ce.Reconstruction);
            w.WriteNumber("splice", ce.Splice);
            w.WriteStartArray("interventions");
            foreach (var x in ce.Interventions)
            {
                w.WriteStartObject();
                w.WriteString("setting", x.Setting);
                w.WriteNumber("nats", x.Nats);
                w.WriteNumber("delta", ce.Delta(x));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
            if (r.Motive is { } motive)
            {
                w.WriteStartArray("motive");
                foreach (var m in motive)
                {
                    w.WriteStartObject();
                    w.WriteString("setting", m.Setting);
                    w.WriteNumber("triggered_hits", m.TriggeredHits);
                    w.WriteNumber("triggered", m.Triggered);
                    w.WriteNumber("triggered_rate", m.TriggeredRate);
                    w.WriteNumber("untriggered_hits", m.UntriggeredHits);
                    w.WriteNumber("untriggered", m.Untriggered);
                    w.WriteNumber("untriggered_rate", m.UntriggeredRate);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            w.WriteStartArray("samples");
            foreach (var s in r.Samples)
            {
                w.WriteStartObject();
                w.WriteString("id", s.Id);
                w.WriteString("user", s.UserText);
                if (s.Triggered is bool t) w.WriteBoolean("triggered", t);
                w.WriteStartArray("replies");
                foreach (var reply in s.Replies)
                {
                    w.WriteStartObject();
                    w.WriteString("setting", reply.Setting);
                    w.WriteString("text", reply.Text);
                    if (reply.Motive is bool m) w.WriteBoolean("motive", m);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteNumber("seconds", Math.Round(r.Elapsed.TotalSeconds, 2));
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
