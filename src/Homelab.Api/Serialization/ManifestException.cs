namespace Homelab.Api.Serialization;

/// <summary>A manifest that cannot be read: names where (source, document, line) and which field, and why.</summary>
public sealed class ManifestException : Exception
{
    public ManifestException(string field, string reason, string? source = null, int? document = null, long? line = null, long? column = null)
        : base(Format(field, reason, source, document, line, column))
    {
        Field = field;
        Reason = reason;
        Source = source;
        Document = document;
        Line = line;
        Column = column;
    }

    public string Field { get; }
    public string Reason { get; }
    public new string? Source { get; }
    /// <summary>0-based index of the YAML document in its stream.</summary>
    public int? Document { get; }
    public long? Line { get; }
    public long? Column { get; }

    public ManifestException WithLocation(string source, int document, long? line = null, long? column = null) =>
        new(Field, Reason, source, document, line ?? Line, column ?? Column);

    private static string Format(string field, string reason, string? source, int? document, long? line, long? column)
    {
        var where = source is null ? "" : $"{source}";
        if (document is not null)
        {
            where += $" (document {document + 1}";
            where += line is null ? ")" : column is null ? $", line {line})" : $", line {line}, column {column})";
        }
        var what = string.IsNullOrEmpty(field) ? reason : $"{field}: {reason}";
        return where.Length == 0 ? what : $"{where}: {what}";
    }
}
