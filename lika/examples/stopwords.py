"""Words too common to search for (Swedish and English function words)."""

STOP_WORDS = frozenset(
    ["och", "att", "det", "som", "är", "för", "på", "med", "av", "vi", "till", "inte", "har", "den", "ett", "de", "ska", "kan", "vår", "våra", "också", "om", "så", "eller", "en", "i", "från", "under", "över", "genom", "mellan", "mot", "efter", "före", "utan", "inom", "kring", "där", "här", "när", "hur", "vad", "vilka", "vilken", "vilket", "alla", "allt", "andra", "annan", "annat", "både", "bland", "samt", "sin", "sina", "sitt", "även", "mer", "fler", "många", "man", "oss", "dem", "deras", "the", "and", "of", "to", "in", "for", "with", "on", "by", "as", "or", "a", "an", "be", "is", "are", "we", "our", "will", "this", "that", "it", "not", "at", "from"]
)
