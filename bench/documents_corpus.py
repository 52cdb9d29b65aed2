"""A generator of cable-like documents for the documents benchmark (no Django import).

Each document has ~1,000 words in 8-12 portions with mixed portion levels and agencies; the words
mix English cable language with Vietnamese (with diacritics, đ included), drawn from Zipf-like
(Zipf-Mandelbrot) distributions, so that a few words appear everywhere and most are rare.
`Corpus.document(i)` is deterministic in (seed, i); `Corpus.cable_text(doc)` renders a document
as a cable the real parser reads (banner, TAGS, SUBJECT, "1. (C) ..." paragraphs).
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass, field

import numpy as np

EN_CABLE = """
the of and to in a that for on is with by was as from at be this are has it will have said not an
which their its they or also had were but been would more other officials government ministry
embassy post told poloff econoff defense foreign affairs security police peacekeeping mission
united nations un deployment troops unit officers staff observers training center centre course
hospital field level engineering company demining contingent rotation sector force commander
headquarters department national international cooperation bilateral regional asean partner
partners support request offer assistance equipment reimbursement budget plan plans planning
review decision proposal approval prime minister vice deputy director general colonel lieutenant
senior major captain general ambassador minister counselor attache delegation visit meeting talks
agreement memorandum understanding status forces legal framework law decree resolution council
report reporting cable comment end summary background action request information note noted
stated stressed emphasized expressed concern concerns interest willing ready able possible likely
expected first second third new next last year month week day time first-ever initial further
medical doctors nurses surgeons medics logistics transport airlift aircraft vessel navy army air
police officers civilian experts gender women female parity targets participation share
capacity building readiness assessment inspection pre-deployment qualification language english
test tests vetting screening human rights conduct discipline misconduct allegations investigation
casualty incident accident injury repatriation compensation welfare families morale leave
mali south sudan central african republic lebanon abyei darfur congo western sahara cyprus golan
unmiss minusca unifil unisfa minusma monusco minurso unficyp undof dpko dpo dos ops
vietnam vietnamese hanoi ho chi minh city da nang washington new york bangkok jakarta manila
china chinese japan japanese australia australian france french united kingdom british india
cambodia laos thailand indonesia philippines malaysia singapore korea korean russia russian
economic political military strategic diplomatic public private media press sensitive privately
publicly openly cautious cautiously positive negative constructive frank candid discussion
emphasis priority priorities issue issues question questions answer response responded replied
schedule timetable date deadline delay delays progress problem problems challenge challenges
""".split()

VI_SYLLABLES = """
bộ quốc phòng công an ngoại giao y tế việt nam hà nội đà nẵng hồ chí minh thành phố cục gìn giữ
hòa bình liên hợp quốc bệnh viện dã chiến cấp hai đội công binh sĩ quan tham mưu quan sát viên
huấn luyện trung tâm khóa học tiếng anh triển khai luân chuyển phái bộ nam sudan cộng hòa trung
phi abyei lực lượng chỉ huy tư lệnh đại tá trung tá thiếu tá đại úy thượng úy trung úy đồng chí
thứ trưởng bộ trưởng cục trưởng phó giám đốc văn phòng chính phủ thủ tướng quyết định đề án kế
hoạch ngân sách trang thiết bị hoàn trả hợp tác song phương đa phương đối tác hỗ trợ đề nghị
báo cáo công điện mật tối mật tuyệt mật tài liệu văn bản pháp lý nghị định thông tư hiệp định
bản ghi nhớ quy chế nhân sự tuyển chọn sức khỏe kiểm tra đánh giá sẵn sàng năng lực phụ nữ bình
đẳng giới tỷ lệ tham gia thương vong sự cố tai nạn hồi hương bồi thường phúc lợi gia đình chế độ
nhiệm vụ đơn vị tổ chức cán bộ chiến sĩ nhân viên bác sĩ y tá điều dưỡng hậu cần vận tải máy bay
tàu hải quân lục quân không quân cảnh sát dân sự chuyên gia an ninh chính trị kinh tế quân sự
chiến lược ngoại giao công khai nhạy cảm thận trọng tích cực xây dựng thảo luận ưu tiên vấn đề
câu hỏi trả lời tiến độ thời hạn khó khăn thách thức năm tháng tuần ngày lần đầu tiên tiếp theo
nguyễn trần lê phạm hoàng huỳnh phan vũ võ đặng bùi đỗ hồ ngô dương lý văn thị đức minh hương
thắng khoa lan anh hà thu quang hùng dũng tuấn hải long sơn trung nghĩa đạt đông tây bắc
""".split()

TAGS = ["PREL", "MARR", "PGOV", "KPKO", "ECON", "PHUM", "PINR", "MOPS", "ASEC", "EAID", "OVIP", "SNAR",
        "VM", "CH", "US", "UN", "SU", "CT", "LE", "ML"]
KINDS = [("cable", 0.72), ("report", 0.12), ("policy", 0.04), ("sop", 0.04), ("legal", 0.03),
         ("minutes", 0.03), ("lesson", 0.02)]
PORTION_LEVELS = [(0, 0.45), (1, 0.35), (2, 0.17), (3, 0.03)]
OWNERS = [("VDPO", 0.35), ("MOD", 0.30), ("MFA", 0.20), ("MOH", 0.10), ("MPS", 0.05)]
BANNERS = {0: "UNCLASSIFIED", 1: "C O N F I D E N T I A L", 2: "S E C R E T", 3: "T O P S E C R E T"}
MARKS = {0: "U", 1: "C", 2: "S", 3: "TS"}
POSTS = ["HANOI", "HOCHIMINH", "BANGKOK", "JAKARTA", "MANILA", "USUNNEWYORK", "BEIJING", "TOKYO"]
CONSONANTS = "b c d g h k l m n p r s t v x br tr th ch ng nh ph kh".split()
VOWELS = "a e i o u ai ao eo ia ua ie uo".split()
VI_TONED = "à á ả ã ạ ằ ắ ẳ ẵ ặ ầ ấ ẩ ẫ ậ è é ẻ ẽ ẹ ề ế ể ễ ệ ì í ỉ ĩ ị ò ó ỏ õ ọ ồ ố ổ ỗ ộ ờ ớ ở ỡ ợ ù ú ủ ũ ụ ừ ứ ử ữ ự ỳ ý ỷ ỹ ỵ".split()
VI_ONSETS = "b c ch d đ g gh h k kh l m n ng nh ph qu r s t th tr v x".split()
VI_CODAS = ["", "", "c", "ch", "m", "n", "ng", "nh", "p", "t", "i", "o", "u"]


def _pick(rng: random.Random, weighted):
    roll, total = rng.random(), 0.0
    for value, weight in weighted:
        total += weight
        if roll < total:
            return value
    return weighted[-1][0]


def _tail_words(rng: random.Random, english: int, vietnamese: int) -> tuple[list[str], list[str]]:
    """Rare words: English-like coinages (names, places) and toned Vietnamese syllables."""
    en, seen = [], set(EN_CABLE) | set(VI_SYLLABLES)
    while len(en) < english:
        word = "".join(rng.choice(CONSONANTS) + rng.choice(VOWELS) for _ in range(rng.randint(2, 3)))
        if rng.random() < 0.3:
            word += rng.choice("nrslt")
        if word not in seen:
            seen.add(word)
            en.append(word)
    vi = []
    while len(vi) < vietnamese:
        word = rng.choice(VI_ONSETS) + rng.choice(VI_TONED) + rng.choice(VI_CODAS)
        if word not in seen:
            seen.add(word)
            vi.append(word)
    return en, vi


def _zipf(n: int, s: float = 1.05, q: float = 2.7) -> np.ndarray:
    weights = 1.0 / np.power(np.arange(1, n + 1) + q, s)
    return weights / weights.sum()


@dataclass
class GeneratedPortion:
    number: str
    level: int
    owner: str
    released: tuple[str, ...]
    text: str


@dataclass
class GeneratedDocument:
    index: int
    kind: str
    language: str
    title: str
    reference: str
    tags: list[str]
    dated: dt.date
    level: int  # the title's (the document's own) level
    owner: str
    released: tuple[str, ...]
    portions: list[GeneratedPortion] = field(default_factory=list)

    @property
    def banner(self) -> int:
        return max(p.level for p in self.portions)

    @property
    def words(self) -> int:
        return sum(len(p.text.split()) for p in self.portions)


class Corpus:
    """Deterministic documents; `terms_by_band()` gives query terms by expected document frequency."""

    WORDS_PER_DOCUMENT = 1000

    def __init__(self, seed: int = 2026, tail: int = 40_000):
        rng = random.Random(seed)
        en_tail, vi_tail = _tail_words(rng, tail * 3 // 4, tail // 4)
        # Each language's words in rank order: its frequent core first, the other's core next, then the tail.
        self.en_vocab = np.array(EN_CABLE + VI_SYLLABLES[:60] + en_tail + vi_tail[: len(vi_tail) // 3], dtype=object)
        self.vi_vocab = np.array(VI_SYLLABLES + EN_CABLE[:80] + vi_tail + en_tail[: len(en_tail) // 4], dtype=object)
        self.en_cdf = np.cumsum(_zipf(len(self.en_vocab)))
        self.vi_cdf = np.cumsum(_zipf(len(self.vi_vocab)))
        self.seed = seed
        self.vi_share = 0.4

    # --- documents ------------------------------------------------------------------------
    def _words(self, rng: np.random.Generator, language: str, count: int) -> list[str]:
        vocab, cdf = (self.vi_vocab, self.vi_cdf) if language == "vi" else (self.en_vocab, self.en_cdf)
        picks = np.searchsorted(cdf, rng.random(count) * cdf[-1])
        return vocab[np.minimum(picks, len(vocab) - 1)].tolist()

    def document(self, index: int, *, max_level: int = 3) -> GeneratedDocument:
        rng = random.Random(self.seed * 1_000_003 + index)
        nrng = np.random.default_rng(self.seed * 1_000_003 + index)
        language = "vi" if rng.random() < self.vi_share else "en"
        owner = _pick(rng, OWNERS)
        others = [code for code, _w in OWNERS if code != owner]
        released = tuple(sorted(rng.sample(others, rng.choice([0, 0, 1, 1, 2]))))
        count = rng.randint(8, 12)
        lengths = np.maximum(20, nrng.normal(self.WORDS_PER_DOCUMENT / count, 25, count).astype(int))
        portions = []
        for number, length in enumerate(lengths, start=1):
            level = min(_pick(rng, PORTION_LEVELS), max_level)
            # Most portions carry the document's owner; some come from (and belong to) another agency.
            portion_owner = owner if rng.random() < 0.85 else rng.choice(others)
            words = self._words(nrng, language, int(length))
            words[0] = words[0].capitalize()
            text = " ".join(words) + "."
            portions.append(GeneratedPortion(str(number), level, portion_owner, released, text))
        banner = max(p.level for p in portions)
        title_level = min(banner, _pick(rng, [(0, 0.55), (1, 0.35), (2, 0.10)]))
        subject = " ".join(self._words(nrng, language, rng.randint(4, 9))).upper()
        year = rng.randint(2003, 2026)
        dated = dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(0, 364))
        post = rng.choice(POSTS)
        return GeneratedDocument(
            index=index, kind=_pick(rng, KINDS), language=language, title=subject[:480],
            reference=f"{year % 100:02d}{post}{index % 10000:04d}", tags=sorted(rng.sample(TAGS, rng.randint(2, 5))),
            dated=dated, level=title_level, owner=owner, released=released, portions=portions,
        )

    # --- cables as text, for the real import service ---------------------------------------
    @staticmethod
    def cable_text(doc: GeneratedDocument, *, nonce: str = "") -> str:
        when = doc.dated
        lines = [
            f"R {when.day:02d}0915Z {when.strftime('%b').upper()} {when.year % 100:02d}",
            "FM AMEMBASSY HANOI",
            "TO SECSTATE WASHDC 0123",
            "",
            f"{BANNERS[doc.banner]} HANOI {doc.index % 1000000:06d}",
            "",
            "SIPDIS",
            "",
            f"E.O. 12958: DECL: {when.month:02d}/{when.day:02d}/{when.year + 25}",
            f"TAGS: {', '.join(doc.tags)}",
            f"SUBJECT: ({MARKS[doc.level]}) {doc.title}",
            "",
            "Classified By: Political Officer An Nguyen, reasons 1.4(b) and (d)",
            "",
        ]
        for portion in doc.portions:
            lines += [f"{portion.number}. ({MARKS[portion.level]}) {portion.text}", ""]
        lines.append(f"SMITH {nonce}".strip())
        return "\n".join(lines) + "\n"

    # --- query terms -----------------------------------------------------------------------
    def terms_by_band(self) -> dict[str, list[str]]:
        """Words grouped by expected share of documents containing them (both languages mixed)."""
        probability: dict[str, float] = {}
        for vocab, cdf, share in ((self.en_vocab, self.en_cdf, 1 - self.vi_share),
                                  (self.vi_vocab, self.vi_cdf, self.vi_share)):
            p = np.diff(np.concatenate([[0.0], cdf])) / cdf[-1]
            for word, pw in zip(vocab.tolist(), p.tolist(), strict=True):
                doc_share = share * (1 - math.exp(-self.WORDS_PER_DOCUMENT * pw))
                probability[word] = probability.get(word, 0.0) + doc_share
        bands = {"frequent": (0.10, 0.60), "common": (0.01, 0.05), "rare": (0.0002, 0.002)}
        out = {}
        for name, (low, high) in bands.items():
            words = sorted(w for w, p in probability.items() if low <= p < high and len(w) > 2)
            out[name] = words
        return out
