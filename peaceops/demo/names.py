"""Fictional Vietnamese names, drawn with realistic frequencies (no Django import)."""

import random

FAMILY = [
    ("Nguyễn", 38), ("Trần", 11), ("Lê", 9.5), ("Phạm", 7), ("Hoàng", 3), ("Huỳnh", 2), ("Phan", 4.5),
    ("Vũ", 2), ("Võ", 2), ("Đặng", 2.1), ("Bùi", 2), ("Đỗ", 1.4), ("Hồ", 1.3), ("Ngô", 1.3),
    ("Dương", 1), ("Lý", 0.5), ("Đinh", 0.8), ("Trịnh", 0.6), ("Mai", 0.5), ("Lương", 0.4),
]
MIDDLE_MALE = ["Văn", "Hữu", "Đức", "Minh", "Quang", "Thanh", "Công", "Ngọc", "Xuân", "Mạnh", "Tiến", "Bảo"]
MIDDLE_FEMALE = ["Thị", "Thị", "Ngọc", "Thu", "Thanh", "Minh", "Phương", "Hồng", "Bích", "Kim", "Diệu"]
GIVEN_MALE = ["Anh", "Bình", "Cường", "Dũng", "Đức", "Hải", "Hùng", "Huy", "Khánh", "Long", "Minh", "Nam",
              "Phong", "Quân", "Sơn", "Thắng", "Thành", "Trung", "Tuấn", "Việt", "Hiếu", "Tùng", "Đạt", "Lâm",
              "Nghĩa", "Quý", "Toàn", "Vinh", "Khoa", "Đông"]
GIVEN_FEMALE = ["Anh", "Hà", "Hạnh", "Hằng", "Hoa", "Hương", "Lan", "Linh", "Mai", "Ngọc", "Nhung", "Phương",
                "Quỳnh", "Thảo", "Thu", "Trang", "Vân", "Yến", "Hiền", "Dung", "Giang", "Loan", "Oanh", "Tâm"]
KIN_RELATIONS = ["spouse", "parent", "parent", "sibling", "child"]
PROVINCES = ["Hà Nội", "Hải Phòng", "Nam Định", "Thái Bình", "Nghệ An", "Thanh Hóa", "Huế", "Đà Nẵng",
             "Quảng Nam", "Cần Thơ", "TP. Hồ Chí Minh", "Bắc Ninh", "Hưng Yên", "Ninh Bình", "Lạng Sơn"]

_family_names = [name for name, _weight in FAMILY]
_family_weights = [weight for _name, weight in FAMILY]


def vietnamese_name(rng: random.Random, gender: str) -> tuple[str, str, str]:
    family = rng.choices(_family_names, _family_weights)[0]
    if gender == "F":
        return family, rng.choice(MIDDLE_FEMALE), rng.choice(GIVEN_FEMALE)
    return family, rng.choice(MIDDLE_MALE), rng.choice(GIVEN_MALE)
