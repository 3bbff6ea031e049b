using System.Diagnostics.CodeAnalysis;

namespace Homelab.Api.Meta;

/// <summary>
/// Parses kubectl's -l syntax into a <see cref="LabelSelector"/>: <c>a=b</c>, <c>a==b</c>, <c>a!=b</c>,
/// <c>a in (x,y)</c>, <c>a notin (x)</c>, <c>a</c> (exists) and <c>!a</c> (does not exist), joined by commas; all must hold.
/// </summary>
public static class LabelSelectorParser
{
    public static LabelSelector Parse(string text) =>
        TryParse(text, out var selector, out var error) ? selector : throw new FormatException(error);

    public static bool TryParse(string? text, [NotNullWhen(true)] out LabelSelector? selector, [NotNullWhen(false)] out string? error)
    {
        selector = null;
        var reader = new Reader(text ?? "");
        var result = new LabelSelector();
        try
        {
            reader.SkipSpaces();
            while (!reader.AtEnd)
            {
                ParseRequirement(reader, result);
                reader.SkipSpaces();
                if (!reader.AtEnd)
                {
                    reader.Expect(',', "',' between requirements");
                    reader.SkipSpaces();
                    if (reader.AtEnd)
                    {
                        throw reader.Error("a requirement after ','");
                    }
                }
            }
        }
        catch (FormatException e)
        {
            error = e.Message;
            return false;
        }
        selector = result;
        error = null;
        return true;
    }

    private static void ParseRequirement(Reader reader, LabelSelector selector)
    {
        if (reader.TryConsume("!"))
        {
            reader.SkipSpaces();
            var absent = reader.ReadKey();
            AddExpression(selector, absent, SelectorOperators.DoesNotExist, null);
            return;
        }
        var key = reader.ReadKey();
        reader.SkipSpaces();
        if (reader.AtEnd || reader.Peek == ',')
        {
            AddExpression(selector, key, SelectorOperators.Exists, null);
        }
        else if (reader.TryConsume("!="))
        {
            AddExpression(selector, key, SelectorOperators.NotIn, [reader.ReadValue()]);
        }
        else if (reader.TryConsume("==") || reader.TryConsume("="))
        {
            var value = reader.ReadValue();
            selector.MatchLabels ??= [];
            if (!selector.MatchLabels.TryAdd(key, value))
            {
                // a=b,a=c is two requirements that both must hold; matchLabels can keep only one of them.
                AddExpression(selector, key, SelectorOperators.In, [value]);
            }
        }
        else if (reader.TryConsumeWord("notin"))
        {
            AddExpression(selector, key, SelectorOperators.NotIn, reader.ReadSet());
        }
        else if (reader.TryConsumeWord("in"))
        {
            AddExpression(selector, key, SelectorOperators.In, reader.ReadSet());
        }
        else
        {
            throw reader.Error("one of =, ==, !=, in, notin or ',' after the key");
        }
    }

    private static void AddExpression(LabelSelector selector, string key, string op, List<string>? values)
    {
        selector.MatchExpressions ??= [];
        selector.MatchExpressions.Add(new LabelSelectorRequirement { Key = key, Operator = op, Values = values });
    }

    private sealed class Reader(string text)
    {
        private int _position;

        public bool AtEnd => _position >= text.Length;

        public char Peek => text[_position];

        public void SkipSpaces()
        {
            while (!AtEnd && char.IsWhiteSpace(Peek))
            {
                _position++;
            }
        }

        public bool TryConsume(string token)
        {
            if (string.CompareOrdinal(text, _position, token, 0, token.Length) != 0)
            {
                return false;
            }
            _position += token.Length;
            SkipSpaces();
            return true;
        }

        /// <summary>"in" only as a whole word, so a key such as "inbox" is never misread.</summary>
        public bool TryConsumeWord(string word)
        {
            var end = _position + word.Length;
            if (string.CompareOrdinal(text, _position, word, 0, word.Length) != 0 || (end < text.Length && !char.IsWhiteSpace(text[end]) && text[end] != '('))
            {
                return false;
            }
            _position = end;
            SkipSpaces();
            return true;
        }

        public void Expect(char c, string what)
        {
            if (AtEnd || Peek != c)
            {
                throw Error(what);
            }
            _position++;
        }

        public string ReadKey()
        {
            var start = _position;
            var token = ReadToken();
            if (token.Length == 0)
            {
                throw Error("a label key");
            }
            if (KubernetesNames.CheckQualifiedName(token) is { } problem)
            {
                throw new FormatException($"label selector \"{text}\": key \"{token}\" at position {start + 1} {problem}");
            }
            return token;
        }

        public string ReadValue()
        {
            SkipSpaces();
            var start = _position;
            var token = ReadToken();
            if (KubernetesNames.CheckLabelValue(token) is { } problem)
            {
                throw new FormatException($"label selector \"{text}\": value \"{token}\" at position {start + 1} {problem}");
            }
            return token;
        }

        public List<string> ReadSet()
        {
            Expect('(', "'(' to start the set of values");
            var values = new List<string>();
            while (true)
            {
                SkipSpaces();
                values.Add(ReadValue());
                SkipSpaces();
                if (!AtEnd && Peek == ')')
                {
                    _position++;
                    return values;
                }
                Expect(',', "',' or ')' in the set of values");
            }
        }

        public FormatException Error(string expected) =>
            new(AtEnd
                ? $"label selector \"{text}\": expected {expected} at the end"
                : $"label selector \"{text}\": expected {expected} at position {_position + 1}, found '{Peek}'");

        private string ReadToken()
        {
            var start = _position;
            while (!AtEnd && !char.IsWhiteSpace(Peek) && Peek is not (',' or '=' or '!' or '(' or ')'))
            {
                _position++;
            }
            return text[start.._position];
        }
    }
}
