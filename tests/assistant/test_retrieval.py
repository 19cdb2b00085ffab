"""The pure retrieval: tokens, BM25, fusion (no database)."""

import numpy as np
import pytest

from onestop.assistant import retrieval
from onestop.assistant.retrieval import Bm25, Document, Index, fuse, question_tokens, tokens


def test_everyday_words_stay_one_token_and_add_the_catalogue_words():
    retrieval.add_words(["户口登记"])  # item names join the dictionary when an index is built
    terms = question_tokens("孩子上户口要带什么")
    assert "上户口" in terms
    assert "户口登记" in terms  # from the lexicon
    assert "什么" not in terms  # stop word


def test_long_words_also_give_their_bigrams():
    assert {"社会", "保障"} <= set(tokens("社会保障卡申领"))


def test_own_tokenizer_leaves_jiebas_default_dictionary_alone():
    import jieba

    from onestop.assistant import retrieval

    # The everyday words are one shared table (catalog/data/synonyms.tsv) that both tokenizers add;
    # the assistant's own words (item names) must not change the default tokenizer the catalogue uses.
    jieba.initialize()
    word = "斗门区测试专用事项词"
    retrieval.add_words([word])
    assert word in tokens(f"我想{word}")
    assert word not in jieba.lcut(f"我想{word}")


def test_bm25_ranks_the_document_with_the_rare_term_first():
    bm25 = Bm25([["结婚", "登记"], ["户口", "登记"], ["户口", "迁移"]])
    scores = bm25.scores(["户口", "迁移"])
    assert int(np.argmax(scores)) == 2
    assert scores[0] == 0


@pytest.mark.parametrize("method", ["bm25", "dense", "rrf", "weighted"])
def test_every_fusion_puts_a_document_first_that_both_signals_agree_on(method):
    bm25 = np.array([0.0, 5.0, 1.0, 0.0], dtype=np.float32)
    cosine = np.array([0.70, 0.90, 0.80, 0.75], dtype=np.float32)
    order, _ = fuse(bm25, cosine, method=method)
    assert order[0] == 1


def test_weighted_fusion_lets_a_strong_embedding_beat_a_weak_lexical_match():
    bm25 = np.array([1.0, 0.9, 0.0], dtype=np.float32)
    cosine = np.array([0.70, 0.72, 0.90], dtype=np.float32)
    order, fused = fuse(bm25, cosine, method="weighted", weight=0.3)
    assert order[0] == 2
    assert 0 <= fused.min() and fused.max() <= 1


def test_unknown_method_is_refused():
    with pytest.raises(ValueError):
        fuse(np.ones(2, dtype=np.float32), np.ones(2, dtype=np.float32), method="magic")


def test_index_answers_with_bm25_when_vectors_are_missing():
    docs = [Document("a", "社会保障卡申领", "区人力资源社会保障局"), Document("b", "结婚登记", "区民政局")]
    index = Index(docs, np.zeros((2, 384), dtype=np.float32))
    ranking = index.rank("社保卡丢了怎么办", None)
    assert ranking.hits[0].id == "a"


def test_index_with_real_embeddings_finds_a_paraphrase():
    from onestop.assistant import encoder

    docs = [Document("marriage", "中国内地公民婚姻登记", ""), Document("car", "机动车维修经营备案", ""),
            Document("elderly", "80周岁以上老年人高龄津贴发放", "")]
    index = Index(docs, encoder.passages([d.embedding_text() for d in docs]))
    ranking = index.rank("我奶奶今年八十五岁，每个月能领什么钱", encoder.query("我奶奶今年八十五岁，每个月能领什么钱"))
    assert ranking.hits[0].id == "elderly"


def test_a_question_is_cut_before_tokenising():
    long = "社保卡" + "啊" * 5000 + "结婚"
    assert question_tokens(long) == question_tokens(long[:retrieval.MAX_QUESTION_CHARS])
    assert "结婚" not in question_tokens(long)
