"""Agencies, units and tables of organisation of the demo (fictional units, realistic shapes)."""

AGENCIES = [
    # code, bit, kind, vi, en
    ("VDPO", 0, "department", "Cục Gìn giữ hòa bình", "Department of Peacekeeping Operations"),
    ("MOD", 1, "ministry", "Bộ Quốc phòng", "Ministry of National Defence"),
    ("MFA", 2, "ministry", "Bộ Ngoại giao", "Ministry of Foreign Affairs"),
    ("MPS", 3, "ministry", "Bộ Công an", "Ministry of Public Security"),
    ("MOH", 4, "ministry", "Bộ Y tế", "Ministry of Health"),
]

UNITS = [
    # code, agency, parent, kind, vi, en, location
    ("VDPO-HQ", "VDPO", None, "hq", "Cơ quan Cục Gìn giữ hòa bình", "Department headquarters", "Hà Nội"),
    ("VDPO-TC", "VDPO", "VDPO-HQ", "training", "Trung tâm Huấn luyện GGHB", "Peacekeeping training centre", "Hà Nội"),
    ("L2FH-7", "VDPO", "VDPO-HQ", "field_hospital", "Bệnh viện dã chiến cấp 2 số 7",
     "Level-2 Field Hospital No. 7", "Bentiu (UNMISS)"),
    ("ENG-4", "VDPO", "VDPO-HQ", "engineering", "Đội Công binh số 4", "Engineering Company No. 4", "Abyei (UNISFA)"),
    ("MOD-HQ", "MOD", None, "hq", "Cơ quan Bộ Quốc phòng", "Ministry of National Defence headquarters", "Hà Nội"),
    ("MR-1", "MOD", "MOD-HQ", "other", "Quân khu 1", "Military Region 1", "Thái Nguyên"),
    ("DIV-304", "MOD", "MR-1", "other", "Sư đoàn 304", "304th Division", "Quảng Nam"),
    ("ENG-BDE-249", "MOD", "MOD-HQ", "engineering", "Lữ đoàn Công binh 249", "249th Engineer Brigade", "Hà Nội"),
    ("MMA", "MOD", "MOD-HQ", "training", "Học viện Quân y", "Military Medical Academy", "Hà Đông"),
    ("HOSP-108", "MOD", "MOD-HQ", "field_hospital", "Bệnh viện Trung ương Quân đội 108",
     "Central Military Hospital 108", "Hà Nội"),
    ("MPS-HQ", "MPS", None, "hq", "Cơ quan Bộ Công an", "Ministry of Public Security headquarters", "Hà Nội"),
    ("MPS-MOBILE", "MPS", "MPS-HQ", "police", "Bộ Tư lệnh Cảnh sát cơ động", "Mobile Police Command", "Hà Nội"),
    ("MOH-HQ", "MOH", None, "hq", "Cơ quan Bộ Y tế", "Ministry of Health headquarters", "Hà Nội"),
    ("MOH-BACHMAI", "MOH", "MOH-HQ", "field_hospital", "Bệnh viện Bạch Mai", "Bach Mai Hospital", "Hà Nội"),
    ("MFA-IO", "MFA", None, "branch", "Vụ Các tổ chức quốc tế", "Department of International Organisations", "Hà Nội"),
]

# A Level-2 field hospital of 63 posts (UN planning norm: 57, or 67 with an aero-medical team).
HOSPITAL_TABLE = [
    # post code, vi, en, count, rank min, rank max
    ("CDR", "Giám đốc bệnh viện", "Hospital commander", 1, "OF-4", "OF-5"),
    ("DCDR", "Phó giám đốc", "Deputy commander", 2, "OF-3", "OF-4"),
    ("SURGEON", "Bác sĩ phẫu thuật", "Surgeon", 6, "OF-2", "OF-5"),
    ("ANAESTH", "Bác sĩ gây mê hồi sức", "Anaesthetist", 3, "OF-2", "OF-4"),
    ("PHYSICIAN", "Bác sĩ nội khoa", "Internist", 3, "OF-2", "OF-4"),
    ("DENTIST", "Bác sĩ răng hàm mặt", "Dentist", 1, "OF-2", "OF-4"),
    ("RADIOLOGY", "Kỹ thuật viên X-quang", "Radiographer", 1, "OR-7", "OF-3"),
    ("LAB", "Kỹ thuật viên xét nghiệm", "Laboratory technician", 3, "OR-5", "OF-3"),
    ("PHARMACIST", "Dược sĩ", "Pharmacist", 2, "OF-1", "OF-3"),
    ("NURSE", "Điều dưỡng", "Nurse", 20, "OR-4", "OF-3"),
    ("MEDIC", "Y sĩ", "Medic", 6, "OR-4", "OF-2"),
    ("AMB-DRIVER", "Lái xe cứu thương", "Ambulance driver", 4, "OR-4", "OR-9"),
    ("LOGISTICS", "Nhân viên hậu cần", "Logistics staff", 6, "OR-4", "OF-3"),
    ("ADMIN-COMMS", "Hành chính, thông tin", "Administration and communications", 3, "OR-5", "OF-3"),
    ("POWER", "Kỹ thuật điện, máy phát", "Generator and power technician", 2, "OR-4", "OR-9"),
]

# An engineering company of 184 posts.
ENGINEERING_TABLE = [
    ("CDR", "Đội trưởng", "Company commander", 1, "OF-4", "OF-5"),
    ("DCDR", "Phó đội trưởng", "Deputy commander", 3, "OF-3", "OF-4"),
    ("STAFF", "Sĩ quan tham mưu", "Staff officer", 8, "OF-2", "OF-4"),
    ("ENG-OFF", "Sĩ quan kỹ thuật công binh", "Engineer officer", 12, "OF-1", "OF-4"),
    ("DEMINER", "Rà phá bom mìn (EOD)", "Deminer / EOD", 30, "OR-4", "OF-3"),
    ("PLANT-OP", "Lái máy công trình", "Heavy plant operator", 40, "OR-4", "OR-9"),
    ("CONSTRUCT", "Thợ xây dựng", "Construction specialist", 45, "OR-4", "OR-9"),
    ("MECHANIC", "Thợ sửa chữa", "Mechanic", 16, "OR-4", "OR-9"),
    ("DRIVER", "Lái xe", "Driver", 14, "OR-4", "OR-9"),
    ("MEDIC", "Y sĩ", "Medic", 5, "OR-5", "OF-3"),
    ("SUPPORT", "Hậu cần, cấp dưỡng", "Support and catering", 10, "OR-4", "OR-9"),
]

PERSONAS = [
    # username, full name, level, compartments, agencies, roles
    ("planner", "Trần Quang Minh", "SECRET", [], ["MOD", "VDPO"], ["planner", "personnel"]),
    ("health", "Lê Thị Thu Hà", "CONFIDENTIAL", ["MEDICAL"], ["MOH"], ["medical"]),
    ("mfa", "Phạm Ngọc Lan", "SECRET", [], ["MFA"], ["liaison"]),
    ("public", "Đỗ Minh Anh", "UNCLASSIFIED", [], ["VDPO"], ["public_affairs"]),
    ("personnel", "Vũ Thị Hương", "CONFIDENTIAL", ["PERSONAL-DATA"], ["VDPO", "MOD"], ["personnel"]),
    ("auditor", "Bùi Đức Thắng", "CONFIDENTIAL", [], ["VDPO"], ["auditor"]),
    ("admin", "Nguyễn Văn Khoa", "TOP SECRET", ["MEDICAL", "PERSONAL-DATA", "DISCIPLINE", "CASUALTY"],
     ["VDPO", "MOD", "MFA", "MPS", "MOH"], ["admin", "personnel", "declassifier"]),
]
DEMO_PASSWORD = "gin-giu-hoa-binh-2026"
