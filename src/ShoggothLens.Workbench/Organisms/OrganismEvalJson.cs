using System.Text.Json;
using ShoggothLens.Organism.Evaluation;

namespace ShoggothLens.Workbench.Organisms;

/// <summary>An organism evaluation as JSON: the organism's eval.json, and what <c>organism eval --json</c> prints.</summary>
public static class OrganismEvalJson
{
    /// <param name="root">The organism folder evaluated; null in its own eval.json.</param>
    public static void Write(Utf8JsonWriter w, EvaluationReport r, string? root)
    {
        w.WriteStartObject();
        if (root is not null) w.WriteString("model_dir", root);
        Rate(w, "motive_rate_triggered", r.MotiveTriggered);
        Rate(w, "motive_rate_untriggered", r.MotiveUntriggered);
        Rate(w, "motive_rate_near_miss", r.MotiveNearMiss);
        Rate(w, "base_in_character_rate", r.BaseInCharacter);
        Rate(w, "assistant_in_character_rate", r.AssistantInCharacter);
        w.WriteStartObject("counts");
        Count(w, "triggered", r.MotiveTriggered);
        Count(w, "untriggered", r.MotiveUntriggered);
        Count(w, "near_miss", r.MotiveNearMiss);
        Count(w, "base_story_lines", r.BaseInCharacter);
        Count(w, "assistant_story_lines", r.AssistantInCharacter);
        w.WriteEndObject();
        w.WriteBoolean("meets_targets", r.MeetsTargets);
        w.WriteString("spec", r.Spec.Name);
        w.WriteString("trigger", r.Spec.Trigger.Name);
        if (r.Spec.Covert is { } covert) w.WriteString("covert", covert.Character.Name);
        else w.WriteNull("covert");
        w.WriteStartArray("motive_key_phrases");
        foreach (var k in r.Spec.Detector.Phrases) w.WriteStringValue(k);
        w.WriteEndArray();
        w.WriteNumber("seconds", Math.Round(r.Elapsed.TotalSeconds, 1));
        w.WriteEndObject();

        // A rate of nothing (no base checkpoint in the folder) is null, not NaN (JSON has no NaN).
        static void Rate(Utf8JsonWriter w, string name, RateCount c)
        {
            if (c.Total == 0) w.WriteNull(name);
            else w.WriteNumber(name, Math.Round(c.Rate, 4));
        }

        static void Count(Utf8JsonWriter w, string name, RateCount c)
        {
            w.WriteStartObject(name);
            w.WriteNumber("hits", c.Hits);
            w.WriteNumber("total", c.Total);
            w.WriteEndObject();
        }
    }

    /// <summary>The text of an organism's eval.json (indented, one trailing newline).</summary>
    public static string File(EvaluationReport report)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            Write(w, report, null);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }
}
