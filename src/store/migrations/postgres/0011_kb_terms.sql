-- Each search term's document count, kept up to date as articles are
-- saved, so a knowledge-base search can choose the question's rarest terms
-- (those that decide the ranking and cost least to match) with one index
-- lookup each.
CREATE TABLE kb_df (
  term text PRIMARY KEY,
  docs bigint NOT NULL
);
INSERT INTO kb_df(term, docs)
  SELECT word, ndoc FROM ts_stat('SELECT terms_tsv FROM kb_articles');

-- How many articles there are, for the terms' rarity (counting them took
-- 1.5 ms of every search at 10,000). Articles are never deleted.
CREATE TABLE kb_stats (
  one boolean PRIMARY KEY DEFAULT true CHECK (one),
  articles bigint NOT NULL
);
INSERT INTO kb_stats(articles) SELECT count(*) FROM kb_articles;

-- The knowledge base's own inverted index: one row per (term, article) with
-- the term's BM25 weight in that article, and the filters a search needs,
-- all in the primary key's index (INCLUDE), so a search sums the weights of
-- its terms from the index alone. Ranking with ts_rank read (and
-- decompressed) each matching article's whole tsvector from TOAST: ~7 us per
-- match, 18 ms for a two-term question matching 2,600 of 10,000 articles.
-- weight = tf (k1 + 1) / (tf + k1 (1 - b + b len / 300)), k1 = 1.2, b = 0.75,
-- len the article's number of terms and 300 a typical article's; the term's
-- rarity (idf) is applied at query time from kb_df.
CREATE TABLE kb_postings (
  term text NOT NULL,
  article_id bigint NOT NULL REFERENCES kb_articles(id) ON DELETE CASCADE,
  tenant_id bigint NOT NULL,
  public boolean NOT NULL,
  active boolean NOT NULL,
  weight real NOT NULL,
  PRIMARY KEY (term, article_id) INCLUDE (tenant_id, public, active, weight)
);
CREATE INDEX kb_postings_article ON kb_postings(article_id);

CREATE FUNCTION kb_postings_of(article bigint) RETURNS void LANGUAGE sql AS $$
  DELETE FROM kb_postings WHERE article_id = article;
  INSERT INTO kb_postings(term, article_id, tenant_id, public, active, weight)
    SELECT u.lexeme, a.id, a.tenant_id, a.visibility = 'public', a.active,
           cardinality(u.positions) * 2.2
             / (cardinality(u.positions) + 1.2 * (0.25 + 0.75 * l.len / 300.0))
    FROM kb_articles a
    CROSS JOIN LATERAL (SELECT greatest(sum(cardinality(x.positions)), 1) AS len
                        FROM unnest(a.terms_tsv) x) l
    CROSS JOIN LATERAL unnest(a.terms_tsv) u
    WHERE a.id = article;
$$;
SELECT kb_postings_of(id) FROM kb_articles;
